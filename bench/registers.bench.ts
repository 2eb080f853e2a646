/**
 * Register lookup over 100,000 generated businesses.
 *
 * 1. In memory: p50/p99 per lookup by credit code, name fragment and address fragment through the
 *    domain's BusinessIndex, against a plain scan (substring test on every row) in the same run.
 * 2. On the server's databases (what `registers.lookup` runs): the same businesses loaded into a
 *    PostgreSQL database and an embedded PGlite one (on disk); for each, the p50/p99 of the
 *    repository's lookupBusinesses (credit code by its btree index, a fragment by the GIN index of
 *    character pairs, migration 0022) against the LIKE '%…%' query it replaced, by credit code, by
 *    name, by address and by a common two-character word, each query timed with both, alternately,
 *    in the same run; the ratio is LIKE ÷ indexed. Results are compared as well.
 *
 *   pnpm --filter @gongzhi/bench bench:registers
 *   BENCH_BUSINESSES=100000 BENCH_LOOKUPS=200 BENCH_TARGETS=postgres,pglite
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { like, or, eq, sql } from 'drizzle-orm';
import { BusinessIndex, creditCodeCheck, foldText, type Business } from '@gongzhi/domain';
import { lookupBusinesses, openDatabase, upsertBusinesses, type Database, type DatabaseHandle } from '@gongzhi/db';
import { registerBusinesses } from '@gongzhi/db/schema';
import { percentile, scratchDatabase } from './lib.ts';

const N = Number(process.env.BENCH_BUSINESSES ?? 100_000);
const STREETS = ['长江东路', '泰山南路', '岷江西路', '珠江路', '天府大道', '人民南路', '春熙路', '东坡大道', '雁江大道', '蜀南路'];
const DISTRICTS = ['旌阳区', '锦江区', '东坡区', '雁江区', '武侯区'];
const TRADES = ['烧烤店', '面馆', '便利店', '五金店', '洗车行', '火锅店', '水果店', '茶馆'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
let seed = 20261128;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[] | string) => xs[Math.floor(random() * xs.length)] as T;
const businesses: Business[] = [];
for (let i = 0; i < N; i++) {
  const body = `9151${String(i % 100).padStart(2, '0')}00MA${String(i).padStart(7, '0')}`;
  businesses.push({
    name: `${pick(DISTRICTS)}${pick<string>(SURNAMES)}${pick<string>(SURNAMES)}${TRADES[i % TRADES.length]}${i}`,
    creditCode: body + creditCodeCheck(body),
    address: `${pick(DISTRICTS)}${pick(STREETS)} ${1 + Math.floor(random() * 400)} 号`,
    scope: '',
    status: 'active',
  });
}
const t0 = performance.now();
const index = new BusinessIndex(businesses);
const buildMs = performance.now() - t0;
const folded = businesses.map((b) => `${foldText(b.name)}|${foldText(b.address)}`);
const scan = (q: string, limit = 10) => {
  const c = q.trim().toUpperCase();
  const exact = businesses.find((b) => b.creditCode === c);
  if (exact) return [exact];
  const f = foldText(q);
  const out: Business[] = [];
  for (let i = 0; i < folded.length && out.length < limit; i++) if (folded[i]?.includes(f)) out.push(businesses[i] as Business);
  return out;
};
const queries: string[] = [];
for (let i = 0; i < 3_000; i++) {
  const b = businesses[Math.floor(random() * N)] as Business;
  queries.push(i % 3 === 0 ? b.creditCode : i % 3 === 1 ? b.name.slice(3) : b.address.replace(/^.{3}/, ''));
}
function measure(run: (q: string) => unknown) {
  for (const q of queries.slice(0, 200)) run(q);
  const s = queries.map((q) => {
    const a = performance.now();
    run(q);
    return performance.now() - a;
  });
  s.sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99) };
}
const idx = measure((q) => index.lookup(q));
const base = measure((q) => scan(q));
console.log(`register of ${N} businesses, index built in ${buildMs.toFixed(0)} ms; ${queries.length} lookups (code / name / address)`);
console.log(`index: p50 ${(idx.p50 * 1000).toFixed(0)} µs, p99 ${(idx.p99 * 1000).toFixed(0)} µs`);
console.log(`scan:  p50 ${(base.p50 * 1000).toFixed(0)} µs, p99 ${(base.p99 * 1000).toFixed(0)} µs`);
console.log(`ratio scan/index: p99 ${(base.p99 / idx.p99).toFixed(1)}×`);

// 2. Server side: the repository's query against the LIKE scan it replaced, on both databases.
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 200);
const TARGETS = (process.env.BENCH_TARGETS ?? 'postgres,pglite').split(',');

/** The lookup as it was before migration 0022 (register.repository.ts), kept here as the baseline. */
async function likeLookup(db: Database, query: string, limit = 10) {
  const code = query.trim().toUpperCase();
  const q = foldText(query);
  if (q.length === 0) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select()
    .from(registerBusinesses)
    .where(or(eq(registerBusinesses.creditCode, code), like(registerBusinesses.nameFolded, pattern), like(registerBusinesses.addressFolded, pattern)))
    .orderBy(sql`${registerBusinesses.creditCode} = ${code} desc`, registerBusinesses.name)
    .limit(limit);
}

const sample = (kind: 'code' | 'name' | 'address' | 'word') =>
  Array.from({ length: LOOKUPS }, (_, i) => {
    const b = businesses[Math.floor(random() * N)] as Business;
    if (kind === 'code') return b.creditCode;
    if (kind === 'name') return b.name.slice(3);
    if (kind === 'address') return b.address.replace(/^.{3}/, '');
    return ['烧烤', '面馆', '火锅', '茶馆'][i % 4] as string;
  });

async function serverSide(label: string, handle: DatabaseHandle) {
  await handle.migrate();
  const loadStart = performance.now();
  for (let i = 0; i < businesses.length; i += 2000) await upsertBusinesses(handle.db, '510100:market', businesses.slice(i, i + 2000), new Date());
  await handle.db.execute(sql`analyze register_businesses`);
  console.log(`\n${label}: ${N} businesses loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s (with the index)`);
  for (const kind of ['code', 'name', 'address', 'word'] as const) {
    const qs = sample(kind);
    for (const q of qs.slice(0, 10)) {
      await lookupBusinesses(handle.db, q);
      await likeLookup(handle.db, q);
    }
    const indexed: number[] = [];
    const scanned: number[] = [];
    let differ = 0;
    for (const q of qs) {
      let a = performance.now();
      const found = await lookupBusinesses(handle.db, q);
      indexed.push(performance.now() - a);
      a = performance.now();
      const old = await likeLookup(handle.db, q);
      scanned.push(performance.now() - a);
      if (found.map((b) => b.creditCode).join() !== old.map((b) => b.creditCode).join()) differ++;
    }
    indexed.sort((x, y) => x - y);
    scanned.sort((x, y) => x - y);
    const [i50, i99, s50, s99] = [percentile(indexed, 0.5), percentile(indexed, 0.99), percentile(scanned, 0.5), percentile(scanned, 0.99)];
    console.log(
      `${label} by ${kind.padEnd(7)} (${qs.length}): indexed p50 ${i50.toFixed(2)} ms p99 ${i99.toFixed(2)} ms · LIKE p50 ${s50.toFixed(2)} ms p99 ${s99.toFixed(2)} ms · p99 ratio LIKE/indexed ${(s99 / i99).toFixed(1)}×${differ ? ` · ${differ} results differ` : ''}`,
    );
  }
}

if (TARGETS.includes('postgres')) {
  const scratch = await scratchDatabase('gongzhi_bench_registers');
  const handle = await openDatabase({ url: scratch.url });
  try {
    await serverSide('PostgreSQL', handle);
  } finally {
    await handle.close();
    await scratch.drop();
  }
}
if (TARGETS.includes('pglite')) {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-registers-'));
  const handle = await openDatabase({ dataDir: dir });
  try {
    await serverSide('PGlite', handle);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
