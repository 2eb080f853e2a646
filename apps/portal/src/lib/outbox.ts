/**
 * The officer's outbox: a resolution with its photos, kept on the phone until the server has it.
 * Written while offline (or sent at once when online), sent when the connection comes back, with a
 * state the officer can see: 待发送 `queued` → 发送中 `sending` → 已发送 `sent`, or 失败 `failed` with the
 * server's reason. Nothing is sent twice: each photo carries its own id and the resolution a request
 * key, both random UUIDs made when it was queued, which the server honours (a repeat gets the first
 * answer), and one flush runs at a time. No browser API here: storage and transport are given, so
 * the logic is tested in Node.
 */

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface QueuedPhoto {
  /** the attachment's id on the server (sent as ?id=) */
  id: string;
  step: 'before' | 'after' | 'evidence';
  name: string;
  type: string;
  blob: Blob;
  /** the server stored it */
  sent: boolean;
}

export interface QueuedResolution {
  /** the request key of the resolution */
  key: string;
  caseId: string;
  caseNumber: number;
  note: string;
  /** the enforcement record as the resolve form made it (checked again by the server) */
  enforcement: unknown;
  photos: QueuedPhoto[];
  state: OutboxState;
  /** why it failed: a reason key the dictionaries know */
  reason: string | null;
  params: Record<string, string | number>;
  queuedAt: string;
  sentAt: string | null;
}

export interface OutboxStore {
  all(): Promise<QueuedResolution[]>;
  put(item: QueuedResolution): Promise<void>;
  remove(key: string): Promise<void>;
}

/** What the server answered: `network` when it could not be reached (try again later), a refusal otherwise. */
export type SendOutcome = { ok: true } | { ok: false; network: boolean; reason: string; params: Record<string, string | number> };

export interface OutboxTransport {
  upload(caseId: string, photo: QueuedPhoto): Promise<SendOutcome>;
  resolve(item: QueuedResolution): Promise<SendOutcome>;
}

/** A store in memory (tests, and a browser without IndexedDB: then the queue lasts as long as the page). */
/**
 * A second resolution of a case whose first still waits on this phone (queued, sending, or refused and
 * not yet discarded): refused, so two resolutions never race and no second set of photos is uploaded.
 */
export class ResolutionAlreadyQueued extends Error {
  constructor(readonly caseNumber: number) {
    super('a resolution of this case is already waiting to be sent');
  }
}

export class MemoryStore implements OutboxStore {
  private readonly items = new Map<string, QueuedResolution>();
  all() {
    return Promise.resolve([...this.items.values()].map((i) => ({ ...i, photos: i.photos.map((p) => ({ ...p })) })));
  }
  put(item: QueuedResolution) {
    this.items.set(item.key, { ...item, photos: item.photos.map((p) => ({ ...p })) });
    return Promise.resolve();
  }
  remove(key: string) {
    this.items.delete(key);
    return Promise.resolve();
  }
}

export class Outbox {
  private flushing: Promise<void> | null = null;
  private again = false;
  private readonly listeners = new Set<(items: QueuedResolution[]) => void>();

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
    private readonly now: () => Date = () => new Date(),
    private readonly newKey: () => string = () => crypto.randomUUID(),
  ) {}

  /** Queues a resolution and its photos (state `queued`); `flush` sends it. */
  async add(input: {
    caseId: string;
    caseNumber: number;
    note: string;
    enforcement: unknown;
    photos: Array<Pick<QueuedPhoto, 'step' | 'name' | 'type' | 'blob'> & { id?: string }>;
  }): Promise<QueuedResolution> {
    const waiting = (await this.store.all()).find((i) => i.caseId === input.caseId && i.state !== 'sent');
    if (waiting) throw new ResolutionAlreadyQueued(waiting.caseNumber);
    const item: QueuedResolution = {
      key: this.newKey(),
      caseId: input.caseId,
      caseNumber: input.caseNumber,
      note: input.note,
      enforcement: input.enforcement,
      // a photo keeps the id it was given when chosen: sent again from a corrected form, it is not stored twice
      photos: input.photos.map((p) => ({ ...p, id: p.id ?? this.newKey(), sent: false })),
      state: 'queued',
      reason: null,
      params: {},
      queuedAt: this.now().toISOString(),
      sentAt: null,
    };
    await this.store.put(item);
    await this.announce();
    return item;
  }

  async items(): Promise<QueuedResolution[]> {
    return (await this.store.all()).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  subscribe(listener: (items: QueuedResolution[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends every queued item, oldest first. One flush at a time: a call while one runs waits for it
   * and runs once more after, so nothing queued meanwhile is left behind and nothing is sent twice.
   */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.again = false;
          await this.sendAll();
        } while (this.again);
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /** A failed item sent again (after the officer fixed what was refused elsewhere, or just to retry). */
  async retry(key: string): Promise<void> {
    const item = (await this.store.all()).find((i) => i.key === key);
    if (!item || item.state !== 'failed') return;
    await this.store.put({ ...item, state: 'queued', reason: null, params: {} });
    await this.announce();
    await this.flush();
  }

  /** The officer drops an item (a sent one, or a failed one they will redo). */
  async discard(key: string): Promise<void> {
    await this.store.remove(key);
    await this.announce();
  }

  private async sendAll(): Promise<void> {
    // an item left `sending` by a page closed mid-send goes again: the server's keys make that safe
    for (const item of await this.items()) {
      if (item.state !== 'queued' && item.state !== 'sending') continue;
      const stop = await this.sendOne(item);
      if (stop) return;
    }
  }

  /** Sends one item; true when the network is down (the rest wait for the next flush). */
  private async sendOne(start: QueuedResolution): Promise<boolean> {
    let item: QueuedResolution = { ...start, state: 'sending' };
    await this.save(item);
    for (const photo of item.photos) {
      if (photo.sent) continue;
      const outcome = await this.attempt(() => this.transport.upload(item.caseId, photo));
      if (!outcome.ok) return this.settle(item, outcome);
      item = { ...item, photos: item.photos.map((p) => (p.id === photo.id ? { ...p, sent: true } : p)) };
      await this.save(item);
    }
    const outcome = await this.attempt(() => this.transport.resolve(item));
    if (!outcome.ok) return this.settle(item, outcome);
    // the photos' bytes are not kept once the server has them
    await this.save({ ...item, state: 'sent', sentAt: this.now().toISOString(), photos: item.photos.map((p) => ({ ...p, blob: new Blob([]) })) });
    return false;
  }

  private async attempt(send: () => Promise<SendOutcome>): Promise<SendOutcome> {
    try {
      return await send();
    } catch {
      return { ok: false, network: true, reason: 'network', params: {} };
    }
  }

  private async settle(item: QueuedResolution, outcome: Extract<SendOutcome, { ok: false }>): Promise<boolean> {
    if (outcome.network) {
      await this.save({ ...item, state: 'queued' });
      return true;
    }
    await this.save({ ...item, state: 'failed', reason: outcome.reason, params: outcome.params });
    return false;
  }

  private async save(item: QueuedResolution): Promise<void> {
    await this.store.put(item);
    await this.announce();
  }

  private async announce(): Promise<void> {
    if (this.listeners.size === 0) return;
    const items = await this.items();
    for (const l of this.listeners) l(items);
  }
}
