import { createSignal } from 'solid-js';
import { TRPCClientError } from '@trpc/client';
import { api } from './trpc.ts';
import { refusalOf } from './upload.ts';
import { MemoryStore, Outbox, type OutboxStore, type OutboxTransport, type QueuedResolution, type SendOutcome } from './outbox.ts';

const DB = 'gongzhi-outbox';
const STORE = 'resolutions';

const request = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });

/** The outbox kept in IndexedDB (photos as Blobs), so a closed tab or a restarted phone keeps what was not sent. */
class IndexedStore implements OutboxStore {
  private db: Promise<IDBDatabase> | null = null;
  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'key' });
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
    });
    return this.db;
  }
  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }
  async all(): Promise<QueuedResolution[]> {
    return request((await this.store('readonly')).getAll() as IDBRequest<QueuedResolution[]>);
  }
  async put(item: QueuedResolution): Promise<void> {
    await request((await this.store('readwrite')).put(item));
  }
  async remove(key: string): Promise<void> {
    await request((await this.store('readwrite')).delete(key));
  }
}

/** An unreachable or unavailable server (or a gateway before it): try again later. A refusal or a fault: the officer sees why. */
const refusal = (status: number, reason: string | undefined, params: Record<string, string | number> | undefined): SendOutcome =>
  status >= 502 || status === 0 || !reason
    ? { ok: false, network: true, reason: 'network', params: {} }
    : { ok: false, network: false, reason, params: params ?? {} };

const transport: OutboxTransport = {
  async upload(caseId, photo) {
    const url = `/files/cases/${encodeURIComponent(caseId)}?step=${photo.step}&name=${encodeURIComponent(photo.name)}&id=${photo.id}`;
    const res = await fetch(url, {
      method: 'POST',
      body: photo.blob,
      credentials: 'same-origin',
      headers: { 'content-type': photo.type || 'application/octet-stream' },
    });
    if (res.ok) return { ok: true };
    const r = await refusalOf(res);
    return refusal(res.status, r.reason, r.params);
  },
  async resolve(item) {
    try {
      await api.case.resolve.mutate({ caseId: item.caseId, note: item.note, enforcement: item.enforcement as never, requestKey: item.key });
      return { ok: true };
    } catch (e) {
      if (e instanceof TRPCClientError) {
        const data = e.data as { reason?: string; params?: Record<string, string | number>; httpStatus?: number } | undefined;
        return refusal(data?.httpStatus ?? 0, data?.reason, data?.params);
      }
      throw e;
    }
  },
};

export const outbox = new Outbox(typeof indexedDB === 'undefined' ? new MemoryStore() : new IndexedStore(), transport);

const [items, setItems] = createSignal<QueuedResolution[]>([]);
/** What the outbox holds, newest state (for the inbox and case pages). */
export const outboxItems = items;
outbox.subscribe(setItems);
void outbox.items().then(setItems);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void outbox.flush());
  // whatever an earlier visit left unsent
  if (navigator.onLine) void outbox.flush();
}
