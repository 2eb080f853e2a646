/**
 * Server resident memory with 100,000 open cases on PostgreSQL, against the same server over the
 * 300 demo cases, both measured in this run after the same requests.
 *
 *   pnpm --filter @gongzhi/bench bench:memory
 */
import { sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { systemClock } from '@gongzhi/domain';
import { openDatabase, seedReference } from '@gongzhi/db';
import { intakeTemplates, scratchDatabase, signedInClient, spawnServer } from './lib.ts';

const OPEN = 100_000;
const alliance = loadAlliance();

async function exercise(url: string) {
  const api = await signedInClient(url, 'cd-urban');
  let rows = 0;
  for (let i = 0; i < 5; i++) rows = (await api.case.inbox.query({ limit: 10_000 })).length;
  await api.matrix.grid.query();
  return rows;
}

async function measure(label: string, url: string) {
  const server = await spawnServer({ DATABASE_URL: url, PORT: '0', SEED_DEMO: 'true', TIMER_WORKER: 'true' });
  try {
    const before = server.rssKb();
    const rows = await exercise(server.url);
    await new Promise((r) => setTimeout(r, 2_000));
    const after = server.rssKb();
    console.log(`${label.padEnd(34)} RSS after start ${(before / 1024).toFixed(0)} MiB, after 5 inbox reads of ${rows} tasks ${(after / 1024).toFixed(0)} MiB`);
    return after;
  } finally {
    await server.stop();
  }
}

const small = await scratchDatabase();
const large = await scratchDatabase();
try {
  const baseline = await measure('300 demo cases', small.url);

  const handle = await openDatabase({ url: large.url });
  await handle.migrate();
  await seedReference(handle.db, alliance, systemClock.now());
  // Eight real cases through intake, then cloned row by row (case, workflow, tasks, timers, holder).
  const templates = await intakeTemplates(handle.db, alliance);
  const t = sql.raw(`array[${templates.map((id) => `'${id}'`).join(',')}]`);
  await handle.db.execute(
    sql`create temp table clone as select gen_random_uuid()::text as id, (${t})[1 + g % 8] as template from generate_series(1, ${OPEN}) g`,
  );
  await handle.db
    .execute(sql`insert into cases (id, matter_code, matrix_version, city_adcode, county_adcode, lon, lat, address, description, reporter_name, reporter_phone, source, reported_in, border_cities, cross_city, tier, created_at, state, holder_unit, closed_at)
    select k.id, c.matter_code, c.matrix_version, c.city_adcode, c.county_adcode, c.lon, c.lat, c.address, c.description, c.reporter_name, c.reporter_phone, c.source, c.reported_in, c.border_cities, c.cross_city, c.tier, c.created_at, c.state, c.holder_unit, c.closed_at
    from clone k join cases c on c.id = k.template`);
  await handle.db.execute(sql`insert into workflows (id, kind, case_id, matter_code, state, done, snapshot, version, created_at, updated_at)
    select k.id, w.kind, k.id, w.matter_code, w.state, w.done, jsonb_set(jsonb_set(w.snapshot, '{context,caseId}', to_jsonb(k.id)), '{context,id}', to_jsonb(k.id)), w.version, w.created_at, w.updated_at
    from clone k join workflows w on w.id = k.template`);
  await handle.db.execute(sql`insert into tasks (workflow_id, kind, case_id, inbox, role, action, due_at, warn_at, escalation, since)
    select k.id, x.kind, k.id, x.inbox, x.role, x.action, x.due_at + interval '7 days', x.warn_at + interval '7 days', x.escalation, x.since from clone k join tasks x on x.workflow_id = k.template`);
  await handle.db.execute(sql`insert into timers (workflow_id, key, due_at, event)
    select k.id, x.key, x.due_at + interval '7 days', x.event from clone k join timers x on x.workflow_id = k.template and x.fired_at is null`);
  await handle.db.execute(
    sql`insert into holdings (case_id, unit, from_at, to_at) select k.id, h.unit, h.from_at, h.to_at from clone k join holdings h on h.case_id = k.template`,
  );
  await handle.db.execute(sql`analyze`);
  const open = (await handle.db.execute(sql`select count(*)::int as n from cases where state <> 'closed'`)) as unknown as { rows: Array<{ n: number }> };
  await handle.close();
  console.log(`open cases in the large database: ${open.rows[0]!.n}`);

  const withLoad = await measure(`${OPEN.toLocaleString('en')} open cases`, large.url);
  console.log(`ratio RSS(100,000 open cases) ÷ RSS(300 demo cases): ${(withLoad / baseline).toFixed(2)}`);
} finally {
  await small.drop();
  await large.drop();
}
