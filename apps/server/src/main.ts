import { serve } from '@hono/node-server';
import { DEMO_PASSWORD, DEMO_USERS, demoCounties, otherActiveAdmins, seedDemoHistory, startTimerWorker } from '@gongzhi/db';
import { existsSync } from 'node:fs';
import { createApp } from './app.ts';
import { logJson } from './log.ts';
import { readEnv } from './env.ts';
import { StartupError } from './database-unreachable.ts';
import { openPlatform, seedPlatform } from './platform.ts';
import { openFileStore } from './file-store.ts';
import { startClassifierUpkeep, workerTrainer } from './classifier-upkeep.ts';
import { auditKey, publishedCheckpoint, startAuditCheckpoints } from './audit-checkpoints.ts';

const env = readEnv();
const platform = await openPlatform(env).catch((e: unknown) => {
  if (!(e instanceof StartupError)) throw e;
  console.error(`[gongzhi] ${e.message}`);
  process.exit(1);
});
const seeded = await seedPlatform(platform, { demo: env.SEED_DEMO });
// A real deployment starts with reference data only: nobody can sign in until an administrator exists.
const administrators = Object.values(await otherActiveAdmins(platform.services.db, '')).reduce((a, b) => a + b, 0);
if (seeded.demoCasesCreated > 0) console.log(`[gongzhi] created ${seeded.demoCasesCreated} demo cases`);
if (!existsSync(env.PORTAL_DIR)) console.warn(`[gongzhi] no built portal at ${env.PORTAL_DIR}; only the API is served`);

const worker = env.TIMER_WORKER ? startTimerWorker({ db: platform.services.db, clock: platform.services.clock }, { intervalMs: env.TIMER_INTERVAL_MS }) : null;

// Retrains (scheduled, or leadership's button) train on a worker thread.
platform.services.trainer = workerTrainer;
const upkeep = startClassifierUpkeep(platform.services, { retrainHours: env.CLASSIFIER_RETRAIN_HOURS });
// The audit log's heads signed with a key outside the database, at start and then periodically.
const checkpoints = startAuditCheckpoints(platform.services.db, platform.services.clock, env);
platform.services.auditCheckpoint = () => {
  const key = auditKey(env, { create: false });
  return key ? { key, published: publishedCheckpoint(env) } : null;
};

platform.services.files = await openFileStore(env);
console.log(`[gongzhi] attachments are kept in ${platform.services.files.describe}`);

let draining = false;
const app = createApp({
  draining: () => draining,
  jsonLog: env.LOG_FORMAT === 'json',
  services: platform.services,
  portalDir: env.PORTAL_DIR,
  cookieSecure: env.COOKIE_SECURE,
  trustedProxies: env.TRUSTED_PROXIES,
  allowedOrigins: env.ALLOWED_ORIGINS,
  metricsToken: env.METRICS_TOKEN,
});
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const url = `http://${host}:${info.port}/`;
  console.log(`\n  共治 Gongzhi is running on ${platform.handle.kind === 'pglite' ? `the embedded database in ${env.DATA_DIR}` : platform.handle.location}`);
  console.log(`\n  Open ${url}\n`);
  if (env.SEED_DEMO) {
    console.log(`  DEMO ONLY — these accounts share the password "${DEMO_PASSWORD}"; never use them in production (SEED_DEMO=false):`);
    for (const u of DEMO_USERS)
      console.log(
        `    ${u.username.padEnd(22)} ${u.memberships
          .map((m) => m.role)
          .join(', ')
          .padEnd(12)} ${u.displayName}`,
      );
    console.log('');
  }
  if (administrators === 0) {
    console.log('  No administrator exists yet. Create the first one (the password is asked for twice):');
    console.log("    npm run gongzhi -- admin create --username NAME            (the alliance's administrator)");
    console.log("    npm run gongzhi -- admin create --username NAME --city 510100   (a city's administrator)");
    console.log(
      platform.handle.kind === 'pglite'
        ? `  with DATA_DIR=${env.DATA_DIR} after stopping this server (the embedded database takes one process), then start it again;`
        : '  with the same DATABASE_URL, while this server runs;',
    );
    console.log('  then sign in at /login and add people at /admin.\n');
  }
  if (env.SEED_DEMO) {
    // The command centre's 18 months of demo history load after the server answers, so start stays fast.
    const started = performance.now();
    const { db, alliance, clock } = platform.services;
    seedDemoHistory(db, { counties: demoCounties(alliance.counties), until: clock.now() }).then(
      (n) => n > 0 && console.log(`[gongzhi] loaded ${n} cases of demo history in ${((performance.now() - started) / 1000).toFixed(1)} s`),
      (e: unknown) => console.error('[gongzhi] demo history not loaded:', e),
    );
  }
});

/**
 * Graceful shutdown: stop accepting connections (and tell /ready's load balancer), end the live
 * inbox streams (each client reconnects, to another process or when this one is back), let
 * in-flight requests finish — a request that was answered has its case stored, since intake answers
 * after its batch commits — and the timer worker finish its batch; then close the database. Past
 * SHUTDOWN_GRACE_MS the process exits anyway, with code 1.
 */
async function stop(signal: string) {
  if (draining) return;
  draining = true;
  const started = performance.now();
  const say = (msg: string, fields: Record<string, unknown> = {}) =>
    env.LOG_FORMAT === 'json' ? logJson('info', msg, fields) : console.log(`[gongzhi] ${msg}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`);
  say(`${signal}: shutting down`, { graceMs: env.SHUTDOWN_GRACE_MS });
  const deadline = setTimeout(() => {
    say('grace period over: exiting with requests still open');
    process.exit(1);
  }, env.SHUTDOWN_GRACE_MS);
  deadline.unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  platform.services.bus.closeAll();
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  upkeep.stop();
  checkpoints.stop();
  await Promise.all([closed, worker?.stop()]);
  await platform.close();
  say('stopped', { seconds: Math.round(performance.now() - started) / 1000 });
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
