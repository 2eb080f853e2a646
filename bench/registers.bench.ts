/**
 * Register lookup over 100,000 generated businesses: p50/p99 per lookup by credit code, name
 * fragment and address fragment through BusinessIndex, against a plain scan (substring test on
 * every row) in the same run.
 *
 *   pnpm --filter @gongzhi/bench bench:registers
 */
import { performance } from 'node:perf_hooks';
import { BusinessIndex, creditCodeCheck, foldText, type Business } from '@gongzhi/domain';
import { percentile } from './lib.ts';

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
