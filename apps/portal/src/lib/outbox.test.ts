import { describe, expect, it } from 'vitest';
import { MemoryStore, Outbox, ResolutionAlreadyQueued, type OutboxTransport, type QueuedPhoto, type QueuedResolution, type SendOutcome } from './outbox.ts';

/** A server as the outbox sees it: it honours the photo ids and the request key, and can be cut off. */
class FakeServer implements OutboxTransport {
  online = true;
  /** the next resolve is stored but its answer is lost on the way back */
  loseNextAnswer = false;
  refuse: string | null = null;
  readonly photos = new Map<string, string>();
  readonly resolutions = new Map<string, string>();
  calls = 0;
  upload(caseId: string, photo: QueuedPhoto): Promise<SendOutcome> {
    this.calls++;
    if (!this.online) return Promise.reject(new TypeError('Failed to fetch'));
    this.photos.set(photo.id, caseId);
    return Promise.resolve({ ok: true });
  }
  async resolve(item: QueuedResolution): Promise<SendOutcome> {
    this.calls++;
    // let two flushes interleave if the outbox allowed it
    await Promise.resolve();
    if (!this.online) throw new TypeError('Failed to fetch');
    if (this.refuse) return { ok: false, network: false, reason: this.refuse, params: {} };
    this.resolutions.set(item.key, item.caseId);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TypeError('network changed');
    }
    return { ok: true };
  }
}

let n = 0;
const setup = () => {
  const server = new FakeServer();
  const outbox = new Outbox(
    new MemoryStore(),
    server,
    () => new Date('2026-11-28T10:00:00Z'),
    () => `key-${++n}`,
  );
  const photo = (step: 'before' | 'after') => ({ step, name: `${step}.jpg`, type: 'image/jpeg', blob: new Blob(['jpeg']) });
  const add = () => outbox.add({ caseId: 'case-1', caseNumber: 7, note: '已清理', enforcement: null, photos: [photo('before'), photo('after')] });
  const states = async () => (await outbox.items()).map((i) => i.state);
  return { server, outbox, add, states };
};

describe('the officer’s outbox', () => {
  it('keeps a resolution queued while offline and sends it with its photos once back online', async () => {
    const { server, outbox, add, states } = setup();
    server.online = false;
    await add();
    await outbox.flush();
    expect(await states()).toEqual(['queued']);
    expect(server.resolutions.size).toBe(0);
    server.online = true;
    await outbox.flush();
    expect(await states()).toEqual(['sent']);
    expect(server.photos.size).toBe(2);
    expect(server.resolutions.size).toBe(1);
  });

  it('refuses a second resolution of a case while its first waits, so no second set of photos is uploaded', async () => {
    const { server, outbox, add, states } = setup();
    server.online = false;
    await add();
    await expect(add()).rejects.toBeInstanceOf(ResolutionAlreadyQueued);
    await expect(add()).rejects.toMatchObject({ caseNumber: 7 });
    server.online = true;
    await outbox.flush();
    expect(await states()).toEqual(['sent']);
    expect(server.photos.size).toBe(2);
    expect(server.resolutions.size).toBe(1);
    // once sent (or discarded), the case may be resolved again (after a reopening, say)
    await add();
    expect(await states()).toEqual(['sent', 'queued']);
  });

  it('sends a photo already stored only once when the connection drops between photos', async () => {
    const { server, outbox, add } = setup();
    const item = await add();
    let uploads = 0;
    const upload = server.upload.bind(server);
    server.upload = (caseId, photo) => {
      uploads++;
      if (uploads === 2) server.online = false;
      return upload(caseId, photo);
    };
    await outbox.flush();
    const [kept] = await outbox.items();
    expect(kept?.photos.map((p) => p.sent)).toEqual([true, false]);
    server.online = true;
    await outbox.flush();
    expect(uploads).toBe(3);
    expect([...server.resolutions.keys()]).toEqual([item.key]);
  });

  it('sends again with the same key after a lost answer, and two flushes at once send once', async () => {
    const { server, outbox, add, states } = setup();
    const item = await add();
    server.loseNextAnswer = true;
    await outbox.flush();
    // the server has it, the phone does not know: still queued, the resend carries the same key
    expect(await states()).toEqual(['queued']);
    const calls = server.calls;
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(server.calls - calls).toBe(1);
    expect([...server.resolutions.keys()]).toEqual([item.key]);
    expect(await states()).toEqual(['sent']);
  });

  it('marks a refused resolution failed with the server’s reason, and a retry sends it again', async () => {
    const { server, outbox, add } = setup();
    server.refuse = 'ENFORCEMENT_RECORD_REQUIRED';
    const item = await add();
    const seen: string[] = [];
    outbox.subscribe((items) => seen.push(items.map((i) => i.state).join()));
    await outbox.flush();
    const [failed] = await outbox.items();
    expect(failed).toMatchObject({ state: 'failed', reason: 'ENFORCEMENT_RECORD_REQUIRED' });
    expect(seen).toContain('sending');
    server.refuse = null;
    await outbox.retry(item.key);
    expect((await outbox.items())[0]?.state).toBe('sent');
  });
});
