import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { executePrepared, openDatabase, rowsOf } from './client.ts';
import { testTargets } from './testing.ts';

describe.each(testTargets())('prepared statements on $name', (target) => {
  it('runs a statement as a named prepared statement, parsed once per connection and named by its text', async () => {
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
      }
    } finally {
      if (own !== handle) await own.close();
      await handle.close();
    }
  });
});
