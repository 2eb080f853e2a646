import { inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { anyOf, arrayLiteral } from './any-of.ts';
import { rowsOf } from './client.ts';
import { timers, workflows } from './schema/index.ts';
import { testTargets } from './testing.ts';

describe('arrayLiteral', () => {
  it('quotes every text and escapes its backslashes and double quotes', () => {
    expect(arrayLiteral(['a', 'b,c', 'say "hi"', 'back\\slash', 'NULL', '{x}'])).toBe('{"a","b,c","say \\"hi\\"","back\\\\slash","NULL","{x}"}');
    expect(arrayLiteral([1, 22])).toBe('{1,22}');
    expect(arrayLiteral([])).toBe('{}');
  });
});

describe.each(testTargets())('anyOf on $name', (target) => {
  it('selects what inArray selects, with one parameter however many values, texts of any kind round-tripped', async () => {
    const handle = await target.open();
    try {
      const awkward = ['wf-1', 'wf,2', 'wf "3"', 'wf\\4', 'NULL', '{wf5}', '成都-6', ' wf7 '];
      // the literal spelled into the statement (no parameter) reads back as the texts themselves
      const texts = rowsOf<{ v: string }>(
        await handle.db.execute(sql`select unnest(${sql.raw(`'${arrayLiteral(awkward).replace(/'/g, "''")}'`)}::text[]) as v`),
      );
      expect(texts.map((r) => r.v)).toEqual(awkward);
      const list = sql.raw(`'${arrayLiteral(awkward).replace(/'/g, "''")}'::text[]`);
      await handle.db.execute(
        sql`insert into workflows (id, kind, state, done, snapshot, version, created_at, updated_at)
            select v, 'case', 'offered', false, '{}'::jsonb, 1, now(), now() from unnest(${list}) as v`,
      );
      const inserted = rowsOf<{ id: number | string }>(
        await handle.db.execute(
          sql`insert into timers (workflow_id, key, due_at, event) select v, 'k', now(), '{"type":"T"}'::jsonb from unnest(${list}) as v returning id`,
        ),
      );
      const wanted = [awkward[1], awkward[2], awkward[3], awkward[6], 'nobody'].filter((v) => v !== undefined);
      const byAny = await handle.db.select({ id: workflows.id }).from(workflows).where(anyOf(workflows.id, wanted)).orderBy(workflows.id);
      const byIn = await handle.db.select({ id: workflows.id }).from(workflows).where(inArray(workflows.id, wanted)).orderBy(workflows.id);
      expect(byAny).toEqual(byIn);
      expect(byAny).toHaveLength(4);
      // a serial column: its values are numbers of its integer type
      const ids = inserted.map((t) => Number(t.id)).slice(0, 3);
      expect((await handle.db.select({ id: timers.id }).from(timers).where(anyOf(timers.id, ids))).map((t) => t.id).sort()).toEqual([...ids].sort());
      expect(await handle.db.select({ id: workflows.id }).from(workflows).where(anyOf(workflows.id, []))).toEqual([]);
      // one parameter, the same text for any number of values
      const query = (values: string[]) => handle.db.select().from(workflows).where(anyOf(workflows.id, values)).toSQL();
      expect(query(['a']).params).toHaveLength(1);
      expect(query(awkward).sql).toBe(query(['a']).sql);
    } finally {
      await handle.close();
    }
  });
});
