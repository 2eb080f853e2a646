import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { executePrepared, forgetPreparedTexts, MAX_PREPARED_TEXTS, openDatabase, rowsOf } from './client.ts';
import { testTargets } from './testing.ts';

describe.each(testTargets())('prepared statements on $name', (target) => {
  it('runs a statement as a named prepared statement, parsed once per connection and named by its text', async () => {
    forgetPreparedTexts(); // other suites of this worker may have used the limit up
    const handle = await target.open();
    // One connection on PostgreSQL, so that its prepared statements can be listed.
    const own = handle.kind === 'postgres' ? await openDatabase({ url: handle.location, poolSize: 1 }) : handle;
    try {
      const next = (n: number) => sql`select ${n}::int + 1 as "next"`;
      expect(rowsOf(await executePrepared(own.db, next(1)))).toEqual([{ next: 2 }]);
      expect(rowsOf(await executePrepared(own.db, next(41)))).toEqual([{ next: 42 }]);
      // another text gets a name of its own (a name is never used for two texts)
      expect(rowsOf(await executePrepared(own.db, sql`select ${'a'}::text || 'b' as "joined"`))).toEqual([{ joined: 'ab' }]);
      if (handle.kind === 'postgres') {
        const prepared = rowsOf<{ name: string; statement: string }>(
          await own.db.execute(sql`select name, statement from pg_prepared_statements order by statement`),
        );
        expect(prepared.map((p) => p.statement)).toEqual([`select $1::int + 1 as "next"`, `select $1::text || 'b' as "joined"`]);
        expect(prepared.every((p) => p.name.startsWith('gz_'))).toBe(true);
        // texts that vary without end (here: with a value spelled into them) stop being prepared
        for (let i = 0; i < MAX_PREPARED_TEXTS + 20; i++) await executePrepared(own.db, sql.raw(`select ${i} as "n"`));
        const count = rowsOf<{ n: number }>(await own.db.execute(sql`select count(*)::int as n from pg_prepared_statements`));
        expect(count[0]?.n).toBeLessThanOrEqual(MAX_PREPARED_TEXTS);
        expect(rowsOf(await executePrepared(own.db, sql.raw(`select ${MAX_PREPARED_TEXTS + 99} as "n"`)))).toEqual([{ n: MAX_PREPARED_TEXTS + 99 }]);
      }
    } finally {
      if (own !== handle) await own.close();
      await handle.close();
    }
  });
});
