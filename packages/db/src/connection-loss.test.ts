import { describe, expect, it } from 'vitest';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from './client.ts';
import { createPostgresDatabase, testTargets } from './testing.ts';

/**
 * A TCP relay to PostgreSQL that cuts the first connection to send `statement` (BEGIN, ROLLBACK), there
 * and then: the network or the server lost between the pool handing a connection out and the
 * transaction's start, or before its end.
 */
async function relayCuttingFirst(statement: RegExp, to: URL): Promise<{ url: URL; close(): Promise<void> }> {
  let cut = false;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const server = connect(Number(to.port || 5432), to.hostname);
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        server.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (!cut && statement.test(chunk.toString('latin1'))) {
        cut = true;
        client.destroy();
        return;
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = new URL(to);
  url.hostname = '127.0.0.1';
  url.port = String((relay.address() as AddressInfo).port);
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        relay.close(() => resolve());
      }),
  };
}

/** Rejects if `work` has not settled in `ms`: a hang detector, not a speed limit. */
const unlessHung = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms).unref())]);

describe.runIf(testTargets().some((t) => t.name === 'postgres'))('a transaction whose connection is lost at its start', () => {
  it('fails, and gives the connection back to the pool: the next statement is served', async () => {
    const scratch = await createPostgresDatabase('gongzhi_lost');
    let relay: Awaited<ReturnType<typeof relayCuttingFirst>> | undefined;
    let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
    try {
      relay = await relayCuttingFirst(/\bbegin\b/i, new URL(scratch.url));
      // One connection: a transaction that kept it would leave every later statement waiting forever.
      handle = await openDatabase({ url: relay.url.toString(), poolSize: 1 });
      await expect(handle.db.transaction((tx) => tx.execute(sql`select 1`))).rejects.toThrow();
      const after = await unlessHung(handle.db.execute(sql`select 42 as n`), 60_000, 'the pool never handed out its connection again');
      expect(rowsOf(after)).toEqual([{ n: 42 }]);
    } finally {
      if (handle) await unlessHung(handle.close(), 60_000, 'the pool did not close').catch(() => {});
      await relay?.close();
      await scratch.drop();
    }
  });

  it('fails with its own error when the connection is lost while rolling it back, and the pool serves the next statement', async () => {
    const scratch = await createPostgresDatabase('gongzhi_lost');
    let relay: Awaited<ReturnType<typeof relayCuttingFirst>> | undefined;
    let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
    try {
      relay = await relayCuttingFirst(/\brollback\b/i, new URL(scratch.url));
      handle = await openDatabase({ url: relay.url.toString(), poolSize: 1 });
      const failing = handle.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        throw new Error('the work refused');
      });
      await expect(failing).rejects.toThrow('the work refused');
      const after = await unlessHung(handle.db.execute(sql`select 42 as n`), 60_000, 'the pool never handed out its connection again');
      expect(rowsOf(after)).toEqual([{ n: 42 }]);
    } finally {
      if (handle) await unlessHung(handle.close(), 60_000, 'the pool did not close').catch(() => {});
      await relay?.close();
      await scratch.drop();
    }
  });
});
