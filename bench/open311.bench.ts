/**
 * Open311 POST requests per second on PostgreSQL (form-encoded, api_key checked, full intake),
 * against tRPC `case.intake` over HTTP in the same run on the same server (ratio), with the same
 * number of concurrent clients.
 *
 *   pnpm --filter @gongzhi/bench bench:open311      (BENCH_SECONDS, BENCH_CONCURRENCY)
 */
import { openDatabase } from '@gongzhi/db';
import { issueApiKey } from '@gongzhi/api/use-cases';
import { OPERATOR } from '@gongzhi/api/use-cases/administrator';
import { systemClock } from '@gongzhi/domain';
import { percentile, scratchDatabase, signedInClient, spawnServer } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const MATTERS = ['VEN-01', 'SAN-01', 'FAC-01', 'FUM-02', 'NOI-01', 'WST-02', 'ADV-04', 'FAC-02'];
const point = (i: number) => ({ lon: 103.95 + (i % 97) * 0.002, lat: 30.6 + (i % 89) * 0.002 });

async function measure(label: string, send: (i: number) => Promise<void>) {
  for (let i = 0; i < 100; i++) await send(1_000_000 + i); // warm-up
  const latencies: number[] = [];
  let done = 0;
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; performance.now() < deadline; i += CONCURRENCY) {
        const t0 = performance.now();
        await send(i);
        latencies.push(performance.now() - t0);
        done++;
      }
    }),
  );
  const rate = done / ((performance.now() - start) / 1000);
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${done} in ${SECONDS} s with ${CONCURRENCY} clients = ${rate.toFixed(0)}/s   p50 ${percentile(latencies, 0.5).toFixed(1)} ms   p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
  );
  return rate;
}

const db = await scratchDatabase();
const server = await spawnServer({ DATABASE_URL: db.url, PORT: '0', SEED_DEMO: 'true', TIMER_WORKER: 'false' });
try {
  const handle = await openDatabase({ url: db.url });
  const { apiKey } = await issueApiKey({
    ctx: { db: handle.db, clock: systemClock, administrator: OPERATOR },
    input: { name: 'bench', ratePerMinute: 10_000 },
  });
  await handle.close();
  const open311 = await measure('Open311 POST requests.json', async (i) => {
    const { lon, lat } = point(i);
    const body = new URLSearchParams({
      api_key: apiKey,
      jurisdiction_id: '510100',
      service_code: MATTERS[i % MATTERS.length]!,
      lat: String(lat),
      long: String(lon),
      description: `基准测试:市民通过随手拍反映问题 ${i}`,
      phone: '13800000000',
    });
    const res = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (res.status !== 200) throw new Error(`Open311 ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  });
  const api = await signedInClient(server.url, 'cd-coordinator');
  const trpc = await measure('tRPC case.intake', async (i) => {
    await api.case.intake.mutate({
      matter: MATTERS[i % MATTERS.length]!,
      ...point(i),
      description: `基准测试工单 ${i}`,
      source: 'hotline',
      reporterPhone: '13800000000',
    });
  });
  console.log(`ratio Open311 ÷ tRPC intake: ${(open311 / trpc).toFixed(2)}`);
} finally {
  await server.stop().catch(() => {});
  await db.drop();
}
