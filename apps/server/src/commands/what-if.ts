import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { draftMatrix, findMatter, systemClock, type DraftOperation, type Matter, type MatrixVersion } from '@gongzhi/domain';
import { loadMatrix } from '@gongzhi/db';
import { loadAlliance } from '@gongzhi/geo';
import { whatIf } from '@gongzhi/api/use-cases/what-if';
import { readEnv } from '../env.ts';
import { openConfiguredDatabase } from '../database.ts';
import { whatIfXlsx } from '../reports/what-if-xlsx.ts';
import { usageError } from './usage.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'dates are YYYY-MM-DD (Beijing time)' });
const Args = z.object({
  matrix: z.string({ error: 'give --matrix FILE.json (draft operations, or the whole list of matters)' }).min(1),
  from: day.optional(),
  to: day.optional(),
  format: z.enum(['json', 'xlsx'], { error: '--format must be json or xlsx' }),
  lang: z.enum(['zh', 'en'], { error: '--lang must be zh or en' }),
});
/** A draft's operations on the latest version, or a whole proposed list of matters. */
const Proposal = z.union([z.object({ operations: z.array(z.unknown()).min(1) }), z.object({ matters: z.array(z.unknown()).min(1) })]);
const beijingMidnight = (d: string) => new Date(`${d}T00:00:00+08:00`);

/**
 * `gongzhi what-if --matrix FILE.json [--from 2026-08-01] [--to 2026-11-01] [--format json|xlsx] [--out FILE] [--lang zh|en]`:
 * replays the window's history (default the last 90 days) under a proposed matrix and prints or writes
 * the workload shift. Reads only.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      matrix: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      lang: { type: 'string', default: 'zh' },
    },
    strict: true,
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  const a = parsed.data;
  let proposal: z.infer<typeof Proposal>;
  try {
    const file = Proposal.safeParse(JSON.parse(readFileSync(a.matrix, 'utf8')));
    if (!file.success) return usageError(`${a.matrix}: expected {"operations": [...]} (a draft) or {"matters": [...]} (a whole matrix)`);
    proposal = file.data;
  } catch (e) {
    return usageError(`${a.matrix}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const handle = await openConfiguredDatabase(readEnv());
  try {
    const base = await loadMatrix(handle.db);
    // The domain checks the operations (or the matters' soundness) as it would for a draft.
    const proposed: MatrixVersion =
      'operations' in proposal
        ? draftMatrix(base, proposal.operations as DraftOperation[])
        : { ...base, version: base.version + 1, reason: 'what-if', matters: proposal.matters as Matter[] };
    const alliance = loadAlliance();
    const started = performance.now();
    const result = await whatIf({
      ctx: { db: handle.db, clock: systemClock },
      input: { proposed, base, ...(a.from ? { from: beijingMidnight(a.from) } : {}), ...(a.to ? { to: beijingMidnight(a.to) } : {}) },
    });
    const ms = Math.round(performance.now() - started);
    if (a.format === 'json' && !values.out) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    const names = {
      city: (adcode: string) => alliance.city(adcode)?.name ?? { zh: adcode, en: adcode },
      matter: (code: string) => findMatter(proposed.matters.some((m) => m.code === code) ? proposed : base, code).name,
    };
    const out = values.out ?? `what-if-${result.window.from.slice(0, 10)}.${a.format}`;
    writeFileSync(out, a.format === 'xlsx' ? await whatIfXlsx(result, names, a.lang) : JSON.stringify(result, null, 2));
    console.log(`${result.cases} cases replayed, ${result.moved} would get another lead, ${result.risers.length} units over the threshold → ${out} (${ms} ms)`);
    return 0;
  } finally {
    await handle.close();
  }
}
