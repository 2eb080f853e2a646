import { describe, expect, it } from 'vitest';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from './client.ts';
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

/**
 * A scratch database reached through a relay that cuts the first connection to send `statement`, a
 * pool of one connection on it (a transaction that kept its connection would leave every later
 * statement waiting for ever), and `work` on that pool; everything dropped afterwards.
 */
async function throughCuttingRelay(statement: RegExp, work: (db: Database) => Promise<void>): Promise<void> {
  const scratch = await createPostgresDatabase('gongzhi_lost');
  let relay: Awaited<ReturnType<typeof relayCuttingFirst>> | undefined;
  let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    relay = await relayCuttingFirst(statement, new URL(scratch.url));
    handle = await openDatabase({ url: relay.url.toString(), poolSize: 1 });
    await work(handle.db);
  } finally {
    if (handle) await unlessHung(handle.close(), 60_000, 'the pool did not close').catch(() => {});
    await relay?.close();
    await scratch.drop();
  }
}

/** The pool serves a statement after the lost one. */
async function servedAfter(db: Database): Promise<void> {
  const after = await unlessHung(db.execute(sql`select 42 as n`), 60_000, 'the pool never handed out its connection again');
  expect(rowsOf(after)).toEqual([{ n: 42 }]);
}

describe.runIf(testTargets().some((t) => t.name === 'postgres'))('a transaction whose connection is lost at its start', () => {
  it('fails, and gives the connection back to the pool: the next statement is served', async () => {
    await throughCuttingRelay(/\bbegin\b/i, async (db) => {
      await expect(db.transaction((tx) => tx.execute(sql`select 1`))).rejects.toThrow();
      await servedAfter(db);
    });
  });

  it('fails with its own error when the connection is lost while rolling it back, and the pool serves the next statement', async () => {
    await throughCuttingRelay(/\brollback\b/i, async (db) => {
      const failing = db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        throw new Error('the work refused');
      });
      await expect(failing).rejects.toThrow('the work refused');
      await servedAfter(db);
    });
  });
});
