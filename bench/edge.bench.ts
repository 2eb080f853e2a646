/**
 * What an anonymous client can do to the service (issue #10's "cost at the edge"): `/health` latency
 * and the server's memory while the worst requests an anonymous client can send run for 10 s, against
 * the same server idle, in this run. The worst requests: a full tRPC batch of the heaviest public
 * query (standards.compare), the same batch with more calls than the cap, 1 MB-plus bodies to tRPC
 * and to Open311 without an api_key, and geo.map for invented city codes — four clients at once.
 *
 *   pnpm --filter @gongzhi/bench bench:edge
 */
import { percentile, spawnServer } from './lib.ts';

const SECONDS = Number(process.env.EDGE_SECONDS ?? 10);
const ATTACKERS = 4;

let healthRetries = 0;

async function healthLatencies(url: string, until: number): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < until) {
    const started = performance.now();
    const ok = await fetch(`${url}/health`)
      .then((r) => r.arrayBuffer())
      .then(
        () => true,
        () => false, // a pooled connection the server closed: not an answer, counted apart
      );
    if (ok) times.push(performance.now() - started);
    else healthRetries++;
    await new Promise((r) => setTimeout(r, 50));
  }
  return times.sort((a, b) => a - b);
}

function worstRequests(url: string): Array<() => Promise<Response>> {
  const compare = (n: number) =>
    `${url}/trpc/${Array.from({ length: n }, () => 'standards.compare').join(',')}?batch=1&input=${encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]))),
    )}`;
  const big = 'x'.repeat(1_100_000);
  let code = 100_000;
  return [
    () => fetch(compare(10)),
    () => fetch(compare(700)),
    () => fetch(`${url}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: big }) }),
    () =>
      fetch(`${url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `description=${big}`,
      }),
    () => fetch(`${url}/trpc/geo.map?input=${encodeURIComponent(JSON.stringify({ cities: [String(code++)] }))}`),
  ];
}

async function attack(url: string, until: number): Promise<{ sent: number; statuses: Record<number, number> }> {
  const requests = worstRequests(url);
  const statuses: Record<number, number> = {};
  let sent = 0;
  await Promise.all(
    Array.from({ length: ATTACKERS }, async (_, a) => {
      for (let i = a; Date.now() < until; i++) {
        const res = await requests[i % requests.length]!().catch(() => null);
        sent++;
        const status = res?.status ?? 0;
        statuses[status] = (statuses[status] ?? 0) + 1;
        await res?.arrayBuffer().catch(() => null);
      }
    }),
  );
  return { sent, statuses };
}

// The server answers an oversized body with 413 and closes the connection while the client is still
// sending it; undici reports that on its own promise. That is the refusal working, not a failure.
let closedEarly = 0;
process.on('unhandledRejection', (e) => {
  if ((e as { cause?: { code?: string } })?.cause?.code === 'UND_ERR_SOCKET') closedEarly++;
  else throw e;
});

const server = await spawnServer({
  SEED_DEMO: 'false',
  TIMER_WORKER: 'false',
  DATABASE_URL: '',
  DATA_DIR: `/tmp/gongzhi-edge-bench-${process.pid}`,
  PORT: '0',
});
try {
  const idle = await healthLatencies(server.url, Date.now() + SECONDS * 1000);
  const rssIdle = server.rssKb();
  const until = Date.now() + SECONDS * 1000;
  const [underAttack, load] = await Promise.all([healthLatencies(server.url, until), attack(server.url, until)]);
  const rssAfter = server.rssKb();
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(
    `anonymous worst requests for ${SECONDS} s from ${ATTACKERS} clients: ${load.sent} sent, statuses ${JSON.stringify(load.statuses)}, ${closedEarly} oversized bodies cut off by the server`,
  );
  console.log(`/health idle:         p50 ${ms(percentile(idle, 0.5))}  p99 ${ms(percentile(idle, 0.99))}  max ${ms(idle.at(-1)!)}  (${idle.length} checks)`);
  console.log(
    `/health under attack: p50 ${ms(percentile(underAttack, 0.5))}  p99 ${ms(percentile(underAttack, 0.99))}  max ${ms(underAttack.at(-1)!)}  (${underAttack.length} checks, ${healthRetries} retried on a closed connection); p99 ratio ${(percentile(underAttack, 0.99) / percentile(idle, 0.99)).toFixed(1)}×`,
  );
  console.log(`server memory (RSS): idle ${(rssIdle / 1024).toFixed(0)} MB, after the attack ${(rssAfter / 1024).toFixed(0)} MB`);
} finally {
  await server.stop();
}
