/**
 * The daily work's reads on a database holding a year's worth of one busy unit's history: BENCH_CASES
 * complaints taken in through the real server (most of them for Chengdu's urban management, a
 * quarter repeating an earlier one), some of them claimed, started, resolved and confirmed by the
 * unit, some transferred and refused (disputes), proposed for joint action, assigned or referred to
 * another city; their report times are then spread over the year before (in SQL; only the cases'
 * report times: their tasks, holdings and notifications stay dated as worked). Then the reads of
 * the unit's liaison and supervisor (inbox, case page, lists, team, repeat figures, search, a
 * frequent caller's phone, notifications, a drill-down page deep in a month's figure), each timed 30
 * times one at a time after 3 warm-up calls, the two servers taking turns call by call.
 *
 *   TEST_DATABASE_URL=… pnpm --filter @gongzhi/bench bench:reads      (BENCH_CASES, 20,000 by default)
 *   BENCH_BEFORE=/work/wt/perf-before …      that checkout's server fills the database (its code, its
 *                                            schema); a copy is made, and its server reads the original
 *                                            while this checkout's server (migrating the copy on start)
 *                                            reads the copy, in the same run
 */
import pg from 'pg';
import { demoHistoryLoaded, percentile, plainMutations, scratchDatabase, spawnServer, type ServerProcess } from './lib.ts';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const CONCURRENCY = 8;
const WARM_UP = 3;
const RUNS = 30;
const UNIT = '510100:urban';
const before = process.env.BENCH_BEFORE;

/** Matters Chengdu's urban management leads (seven complaints in eight), and matters other units lead. */
const URBAN = ['VEN-01', 'SAN-01', 'SAN-02', 'FAC-01', 'FAC-02', 'FUM-02', 'WST-02', 'NOI-04', 'VEN-02', 'SAN-03'];
const OTHER = ['NOI-01', 'FUM-01', 'WST-01'];
const STREETS = ['人民南路', '春熙路', '玉林路', '建设路', '红星路', '科华北路', '蜀都大道', '太升路', '琴台路', '府青路'];
/** the searched text: one street in ten */
const SEARCHED = '玉林路';
/** a frequent caller: the phone of every case the unit worked (set in SQL after the fill) */
const FREQUENT_CALLER = '13800138000';
/** the drill-down page read (BENCH_DRILL_PAGE): page 500 of 20 by default (offset 9,980 for a server that pages by offset) */
const DRILL = { limit: 20, page: Number(process.env.BENCH_DRILL_PAGE ?? 500) };
/** spots on a grid of 160 × 150 points 0.0015° apart (about 150 m) over central Chengdu, away from the other cities */
const SPOTS = 160 * 150;

/**
 * Complaint `i`: three in four are new (each its own spot, visited in a scrambled order); the fourth
 * repeats one taken in about sixty complaints earlier, same matter, about 35 m away (a repeat is
 * the same matter within 100 m).
 */
function complaint(i: number) {
  const repeat = i % 4 === 3;
  const k = repeat ? Math.max(0, 3 * Math.floor(i / 4) - 45) : 3 * Math.floor(i / 4) + (i % 4);
  const spot = (k * 7919) % SPOTS;
  const matter = k % 8 === 7 ? OTHER[Math.floor(k / 8) % OTHER.length]! : URBAN[k % URBAN.length]!;
  const street = STREETS[k % STREETS.length]!;
  return {
    matter,
    lon: 103.96 + (spot % 160) * 0.0015 + (repeat ? 0.0003 : 0),
    lat: 30.56 + Math.floor(spot / 160) * 0.0015 + (repeat ? 0.0002 : 0),
    description: `${street}${(k % 300) + 1}号附近,市民反映问题${repeat ? '仍未解决' : ''},请尽快处理。(读取基准 ${i})`,
    source: 'hotline' as const,
    reporterPhone: `139${10_000_000 + ((i * 7_919) % 89_999_999)}`,
  };
}

/**
 * Runs `act` on each item, CONCURRENCY at a time; counts what went through and keeps the first
 * refusal (a bulk action's answer counts its cases: those done and those refused).
 */
async function each<T>(tally: Record<string, { ok: number; failed: number; error?: string }>, step: string, items: T[], act: (item: T) => Promise<unknown>) {
  const t = (tally[step] ??= { ok: 0, failed: 0 });
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        try {
          const r = (await act(item)) as { done?: unknown[]; refused?: unknown[] } | null;
          if (Array.isArray(r?.done) && Array.isArray(r.refused)) {
            t.ok += r.done.length;
            t.failed += r.refused.length;
            if (r.refused.length > 0) t.error ??= JSON.stringify(r.refused[0]);
          } else t.ok++;
        } catch (e) {
          t.failed++;
          t.error ??= String(e).slice(0, 200);
        }
      }
    }),
  );
}

/** Fills the database through `serverUrl`: the intake, then the unit's work on its cases. Seconds each took, and what each step did. */
async function fill(serverUrl: string, client: pg.Client) {
  const tally: Record<string, { ok: number; failed: number; error?: string }> = {};
  const firstNumber = (await client.query<{ n: number }>('select coalesce(max(number), 0)::int as n from cases')).rows[0]!.n;
  const coordinator = await plainMutations(serverUrl, 'cd-coordinator', CONCURRENCY);
  const liaison = await plainMutations(serverUrl, 'cd-urban', CONCURRENCY);
  const supervisor = await plainMutations(serverUrl, 'cd-urban-supervisor', CONCURRENCY);
  const ecology = await plainMutations(serverUrl, 'cd-ecology', CONCURRENCY);
  const ecologyReads = await plainMutations(serverUrl, 'cd-ecology', 1);
  try {
    const intakeStarted = performance.now();
    await each(
      tally,
      'case.intake',
      Array.from({ length: CASES }, (_, i) => i),
      (i) => coordinator.mutate('case.intake', complaint(i)),
    );
    const intakeSeconds = (performance.now() - intakeStarted) / 1000;

    // The unit's share of the new cases, in the order they came in.
    const workStarted = performance.now();
    const offered = (
      await client.query<{ id: string }>(`select id from cases where holder_unit = $1 and state = 'offered' and number > $2 order by number`, [
        UNIT,
        firstNumber,
      ])
    ).rows.map((r) => r.id);
    const share = (from: number, to: number) => offered.slice(Math.floor(from * offered.length), Math.floor(to * offered.length));
    const chunks = (ids: string[]) => Array.from({ length: Math.ceil(ids.length / 200) }, (_, i) => ids.slice(i * 200, i * 200 + 200));
    // Claimed: 60 %; started: 45 %; resolved: 30 %; confirmed (closed): 20 %.
    await each(tally, 'case.claimMany', chunks(share(0, 0.6)), (caseIds) => liaison.mutate('case.claimMany', { caseIds }));
    await each(tally, 'case.start', share(0, 0.45), (caseId) => liaison.mutate('case.start', { caseId }));
    await each(tally, 'case.resolve', share(0, 0.3), async (caseId) => {
      try {
        await liaison.mutate('case.resolve', { caseId, note: '已现场处理完毕' });
      } catch (e) {
        if (!String(e).includes('ENFORCEMENT_RECORD_REQUIRED')) throw e;
        // An enforced matter: a record, first offences met with different measures (同案不同罚 for the disparities).
        const measure = (['persuasion', 'warning', 'order'] as const)[caseId.charCodeAt(0) % 3];
        const enforcement = {
          measure,
          fineAmount: null,
          detainedItems: [],
          severity: 'minor',
          firstOffence: true,
          subject: { kind: 'person', name: '当事人' },
        };
        await liaison.mutate('case.resolve', { caseId, note: '已现场处理完毕', enforcement });
      }
    });
    await each(tally, 'case.confirm', share(0, 0.2), (caseId) => coordinator.mutate('case.confirm', { caseId, satisfied: true }));
    // Joint actions proposed on some cases in progress.
    const scheduledFor = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await each(tally, 'joint.propose', share(0.3, 0.45).slice(0, 60), (caseId) =>
      liaison.mutate('joint.propose', { caseId, coDepartments: ['ecology', 'market'], action: '联合整治占道经营和露天烧烤', scheduledFor }),
    );
    // Transfers to ecology, three in four refused there: disputes.
    await each(tally, 'case.transfer', share(0.6, 0.615), (caseId) =>
      liaison.mutate('case.transfer', { caseId, to: 'ecology', citedMatter: 'FUM-01', reason: '属餐饮油烟,应由生态环境部门处理' }),
    );
    const inbox = (await ecologyReads.query('case.inbox', { limit: 20_000 })).data as Array<{ kind: string; workflowId: string }>;
    const transfers = inbox.filter((t) => t.kind === 'transfer').map((t) => t.workflowId);
    await each(
      tally,
      'transfer.reject',
      transfers.filter((_, i) => i % 4 !== 0),
      (workflowId) => ecology.mutate('transfer.reject', { workflowId, reason: '不属于本部门职责,应由城管处理' }),
    );
    await each(
      tally,
      'transfer.accept',
      transfers.filter((_, i) => i % 4 === 0),
      (workflowId) => ecology.mutate('transfer.accept', { workflowId }),
    );
    // Some offered cases assigned to the unit's second liaison, some referred to Deyang.
    await each(tally, 'case.assign', chunks(share(0.62, 0.64)), (caseIds) => supervisor.mutate('case.assign', { caseIds, to: 'cd-urban-2' }));
    await each(tally, 'crossCity.refer', share(0.65, 0.66).slice(0, 40), (caseId) =>
      coordinator.mutate('crossCity.refer', { caseId, city: '510600', reason: '投诉人反映问题位于德阳' }),
    );
    return { intakeSeconds, workSeconds: (performance.now() - workStarted) / 1000, tally, firstNumber };
  } finally {
    coordinator.close();
    liaison.close();
    supervisor.close();
    ecology.close();
    ecologyReads.close();
  }
}

type Session = { label: string; q: Awaited<ReturnType<typeof plainMutations>> };
/** A read's input, or how a server's session finds it (once, before the timed calls): a page deep in a list is reached by the server's own paging. */
type Input = unknown | ((s: Session) => Promise<unknown>);

/**
 * Page DRILL.page of the unit's month of intake: by offset where the server takes one (BENCH_BEFORE's
 * main), else by the cursor reached by turning the pages before it.
 */
const drillPage = async (s: Session) => {
  const period = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const first = { period, code: 'intake', limit: DRILL.limit };
  const page1 = (await s.q.query('command.drill', first)).data as { next?: string | null };
  if (page1.next === undefined) return { ...first, offset: (DRILL.page - 1) * DRILL.limit };
  let cursor = page1.next;
  for (let i = 2; i < DRILL.page && cursor; i++) cursor = ((await s.q.query('command.drill', { ...first, cursor })).data as { next: string | null }).next;
  if (!cursor) throw new Error(`command.drill: fewer than ${DRILL.page} pages`);
  return { ...first, cursor };
};

/** The reads, per user: path and input; the team, the repeat figures, the disparities and the drill-down are the supervisor's only. */
function reads(caseId: string) {
  const now = Date.now();
  const lastWeek = { from: new Date(now - 7 * 86_400_000).toISOString(), to: new Date(now).toISOString() };
  const common: Array<[string, Input]> = [
    ['case.inbox', { limit: 20_000 }],
    ['case.get', { caseId }],
    ['dispute.list', { open: true }],
    ['joint.list', { open: true }],
    ['crossCity.list', { open: true }],
    ['notifications.list', {}],
    ['case.search', { q: SEARCHED }],
    ['case.search', { q: FREQUENT_CALLER }],
  ];
  return {
    'cd-urban': common,
    'cd-urban-supervisor': [...common, ['case.team', {}], ['kpi.repeats', lastWeek], ['enforcement.disparities', {}], ['command.drill', drillPage]] as Array<
      [string, Input]
    >,
  };
}

const count = async (client: pg.Client, text: string, values: unknown[] = []) => (await client.query<{ n: number }>(text, values)).rows[0]!.n;

const filled = await scratchDatabase('gongzhi_reads');
const copy = before ? await scratchDatabase('gongzhi_reads_after') : undefined;
const servers: ServerProcess[] = [];
try {
  // 1. The fill, through BENCH_BEFORE's server when set (its code writes the data, on its schema).
  const filler = await spawnServer({ DATABASE_URL: filled.url, PORT: '0', SEED_DEMO: 'true', TIMER_WORKER: 'false' }, [], before);
  servers.push(filler);
  await demoHistoryLoaded(filler);
  const client = new pg.Client({ connectionString: filled.url });
  await client.connect();
  const f = await fill(filler.url, client);
  await filler.stop();
  // A year's history: the complaints' report times spread evenly over the year before now, the oldest
  // first (in SQL: the api takes no past dates). Only the time moves; states and tasks stay as worked.
  await client.query(
    `update cases set created_at = created_at - (((select max(number) from cases) - number) * (365 * 86400.0 / $2)) * interval '1 second' where number > $1`,
    [f.firstNumber, CASES],
  );
  // A frequent caller (or a hotline operator's own number): every case the unit worked has their phone.
  await client.query(
    `update cases c set reporter_phone = $3 where c.number > $1 and exists (select 1 from holdings h where h.case_id = c.id and h.unit = $2)`,
    [f.firstNumber, UNIT, FREQUENT_CALLER],
  );
  // Both servers read the same pages with the same statistics: vacuumed (the update above left a dead
  // row per case) and analysed before the copy, so autovacuum has nothing to do in either during the reads.
  await client.query('vacuum (analyze)');
  const rowCounts = (
    await client.query<{ cases: number; tasks: number; holdings: number }>(
      'select (select count(*) from cases)::int as cases, (select count(*) from tasks)::int as tasks, (select count(*) from holdings)::int as holdings',
    )
  ).rows[0]!;
  const taken = await count(client, 'select count(*)::int as n from cases where number > $1', [f.firstNumber]);
  const routed = `select c.state from cases c where c.number > $1 and exists (select 1 from holdings h where h.case_id = c.id and h.unit = $2)`;
  const held = await count(client, `select count(*)::int as n from (${routed}) x`, [f.firstNumber, UNIT]);
  const repeats = await count(client, 'select count(*)::int as n from cases where number > $1 and repeat_of is not null', [f.firstNumber]);
  const states = (
    await client.query<{ state: string; n: number }>(`select state, count(*)::int as n from (${routed}) x group by state order by count(*) desc`, [
      f.firstNumber,
      UNIT,
    ])
  ).rows;
  const open = (
    await client.query<{ kind: string; n: number }>(
      `select kind, count(*)::int as n from workflows where not done and kind in ('dispute', 'joint', 'crosscity') group by kind order by kind`,
    )
  ).rows;
  // The case page read: one of the unit's cases in progress that later complaints repeat.
  const caseId =
    (
      await client.query<{ id: string }>(
        `select c.id from cases c where c.number > $1 and c.holder_unit = $2 and c.state = 'inProgress' and exists (select 1 from cases r where r.repeat_of = c.id) order by c.number limit 1`,
        [f.firstNumber, UNIT],
      )
    ).rows[0]?.id ??
    (await client.query<{ id: string }>('select id from cases where number > $1 and holder_unit = $2 order by number limit 1', [f.firstNumber, UNIT])).rows[0]!
      .id;
  await client.end();

  // 2. The copy for this checkout's server, made while nothing is connected to the filled database.
  if (copy) {
    const admin = new pg.Client({ connectionString: filled.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    await admin.query(`drop database ${copy.name}`);
    await admin.query(`create database ${copy.name} template ${filled.name}`);
    await admin.end();
  }

  // 3. The readers: BENCH_BEFORE's server on the filled database, this checkout's on the copy (it migrates on start).
  const env = (url: string) => ({ DATABASE_URL: url, PORT: '0', SEED_DEMO: 'false', TIMER_WORKER: 'false' });
  const readers: Array<{ label: string; server: ServerProcess }> = [];
  if (before) {
    const server = await spawnServer(env(filled.url), [], before);
    servers.push(server);
    readers.push({ label: 'before', server });
  }
  const after = await spawnServer(env((copy ?? filled).url), []);
  servers.push(after);
  readers.push({ label: 'after', server: after });
  const readIndexes = async (url: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const rows = await c.query<{ indexname: string }>(
        `select indexname from pg_indexes where indexname in ('tasks_case', 'cases_held_open', 'cases_repeats_reported') order by indexname`,
      );
      return rows.rows.map((r) => r.indexname).join(', ') || 'none';
    } finally {
      await c.end();
    }
  };
  // This checkout's server migrates on start (openConfiguredDatabase): the copy has 0027/0028's indexes, the original not.
  const indexes: string[] = [];
  if (copy) indexes.push(`before's database: ${await readIndexes(filled.url)}`);
  indexes.push(`after's database: ${await readIndexes((copy ?? filled).url)}`);

  // Each read on every server, in turns (before, after; after, before; …), so that the load of the
  // machine at a moment weighs on both alike.
  const results = new Map<string, Record<string, { p50: number; p99: number; kb: number } | { error: string }>>();
  for (const [username, calls] of Object.entries(reads(caseId))) {
    const sessions = await Promise.all(readers.map(async (r) => ({ label: r.label, q: await plainMutations(r.server.url, username, 1) })));
    try {
      for (const [path, input] of calls) {
        const row: Record<string, { p50: number; p99: number; kb: number } | { error: string }> = {};
        const what =
          path === 'case.search'
            ? ` ${(input as { q: string }).q === FREQUENT_CALLER ? '(phone)' : '(text)'}`
            : path === 'command.drill'
              ? ` (page ${DRILL.page})`
              : '';
        results.set(`${username} ${path}${what}`, row);
        const inputs = new Map<string, unknown>();
        for (const s of sessions) {
          try {
            inputs.set(s.label, typeof input === 'function' ? await (input as (s: Session) => Promise<unknown>)(s) : input);
          } catch (e) {
            row[s.label] = { error: String(e).slice(0, 160) };
          }
        }
        const ms = new Map(sessions.map((s) => [s.label, [] as number[]]));
        const bytes = new Map<string, number>();
        const call = async (s: (typeof sessions)[number], timed: boolean) => {
          if (s.label in row) return;
          try {
            const r = await s.q.query(path, inputs.get(s.label));
            if (timed) ms.get(s.label)!.push(r.ms);
            bytes.set(s.label, r.bytes);
          } catch (e) {
            row[s.label] = { error: String(e).slice(0, 160) };
          }
        };
        for (let i = 0; i < WARM_UP; i++) for (const s of sessions) await call(s, false);
        for (let i = 0; i < RUNS; i++) for (const s of i % 2 === 0 ? sessions : [...sessions].reverse()) await call(s, true);
        for (const s of sessions) {
          if (s.label in row) continue;
          const sorted = ms.get(s.label)!.sort((a, b) => a - b);
          row[s.label] = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), kb: bytes.get(s.label)! / 1024 };
        }
      }
    } finally {
      for (const s of sessions) s.q.close();
    }
  }

  const steps = Object.entries(f.tally)
    .map(([step, t]) => `${step} ${t.ok}${t.failed > 0 ? ` (${t.failed} refused)` : ''}`)
    .join(', ');
  console.log(`\nreads on a database filled through ${before ? `BENCH_BEFORE's server (${before})` : "this checkout's server"}:`);
  console.log(`  fill: ${taken} cases taken in in ${f.intakeSeconds.toFixed(1)} s (${CONCURRENCY} clients), the unit's work in ${f.workSeconds.toFixed(1)} s`);
  console.log(`  ${steps}`);
  console.log(
    `  of the cases taken in: ${held} held by ${UNIT} at some time, ${repeats} repeats; the unit's by state: ${states.map((s) => `${s.state} ${s.n}`).join(', ')}`,
  );
  console.log(`  open workflows: ${open.map((o) => `${o.kind} ${o.n}`).join(', ') || 'none'}`);
  console.log(`  rows: cases ${rowCounts.cases}, tasks ${rowCounts.tasks}, holdings ${rowCounts.holdings} (the demo history included)`);
  console.log(`  indexes of migrations 0027/0028 (tasks_case, cases_held_open, cases_repeats_reported) on ${indexes.join('; on ')}`);
  for (const [step, t] of Object.entries(f.tally)) if (t.error) console.log(`  first refusal of ${step}: ${t.error}`);
  console.log(`\nms, ${RUNS} calls each after ${WARM_UP} warm-up calls, one at a time (p99 of ${RUNS}: the slowest); KB: the answer's size`);
  const ms = (x: number) => x.toFixed(1).padStart(7);
  const labels = readers.map((r) => r.label);
  console.log(
    `${'user / procedure'.padEnd(44)}${labels.map((l) => `${`${l} p50`.padStart(11)}${'p99'.padStart(8)}${'KB'.padStart(8)}`).join('')}${before ? '  before/after p50'.padStart(19) : ''}`,
  );
  const errors: string[] = [];
  for (const [key, row] of results) {
    let line = key.padEnd(44);
    for (const l of labels) {
      const r = row[l];
      if (!r || 'error' in r) {
        line += `${'error'.padStart(11)}${''.padStart(16)}`;
        errors.push(`${l} ${key}: ${r && 'error' in r ? r.error : 'not run'}`);
      } else line += `${ms(r.p50).padStart(11)}${ms(r.p99).padStart(8)}${r.kb.toFixed(0).padStart(8)}`;
    }
    const [b, a] = [row.before, row.after];
    if (before && b && a && !('error' in b) && !('error' in a)) line += `${(b.p50 / a.p50).toFixed(2)}×`.padStart(19);
    console.log(line);
  }
  for (const e of errors) console.log(`  ${e}`);
} finally {
  for (const s of servers) await s.stop();
  await filled.drop();
  await copy?.drop();
}
