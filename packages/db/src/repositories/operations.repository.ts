import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, rowsOf, type Database } from '../client.ts';
import { timers } from '../schema/index.ts';

/** How many migrations this build ships and how many the database has applied (drizzle's own record). */
export async function migrationState(db: Database): Promise<{ expected: number; applied: number }> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const applied = await db
    .execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
    .then((r) => rowsOf<{ n: number }>(r)[0]?.n ?? 0)
    .catch(() => 0); // no record at all: nothing applied
  return { expected: journal.entries.length, applied };
}

/** Timers due and not yet fired at `now`, and how late the oldest of them is (seconds; 0 when none). */
export async function timerBacklog(db: Database, now: Date): Promise<{ due: number; lagSeconds: number }> {
  const [row] = rowsOf<{ due: number; oldest: string | Date | null }>(
    await db.execute(
      sql`select count(*)::int as due, min(${timers.dueAt}) as oldest from ${timers} where ${timers.firedAt} is null and ${timers.dueAt} <= ${now.toISOString()}::timestamptz`,
    ),
  );
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return { due: row?.due ?? 0, lagSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000) };
}
