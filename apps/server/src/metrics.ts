import type { Context, MiddlewareHandler } from 'hono';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { appRouter, intakeQueueDepth, type Services } from '@gongzhi/api';
import { isDatabaseUnavailable, migrationState, ping, timerBacklog } from '@gongzhi/db';
import { callerOf } from './edge.ts';

let processMetrics: Registry | undefined;
/** The process's own figures (CPU, memory, event-loop lag, GC), collected once per process however many apps it makes. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: 'gongzhi_' });
  }
  return processMetrics;
}

/** Every procedure's name: a label is one of these or `unknown`, never whatever a URL says (bounded cardinality). */
const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

/** What a request is counted under: its tRPC procedures (each of a batch), else the route that matched. */
export function procedureLabels(path: string, routePath: string | undefined): string[] {
  if (path.startsWith('/trpc/')) {
    return decodeURIComponent(path.slice('/trpc/'.length))
      .split(',')
      .map((name) => (PROCEDURES.has(name) ? name : 'unknown'));
  }
  if (!routePath || routePath === '/*' || routePath === '*') return ['other'];
  return [routePath];
}

export interface Metrics {
  /** counts and times every request */
  middleware: MiddlewareHandler;
  /** GET /metrics: Prometheus text, for the operations team's scraper */
  handler: (c: Context) => Promise<Response>;
}

/**
 * The operations team's view in Prometheus' text format: request rate and latency per procedure,
 * the intake queue's depth, timers due and their lag, live-inbox streams, and the process's own
 * (CPU, memory, event-loop lag). Served to loopback only unless METRICS_TOKEN is set, then to a
 * bearer of it.
 */
export function createMetrics(services: Services, options: { token?: string | undefined; trustedProxies?: readonly string[] } = {}): Metrics {
  const own = new Registry();
  const requests = new Counter({
    name: 'gongzhi_requests_total',
    help: 'Requests answered, per procedure (tRPC) or route, and status class',
    labelNames: ['procedure', 'status'] as const,
    registers: [own],
  });
  const duration = new Histogram({
    name: 'gongzhi_request_duration_seconds',
    help: 'Time to answer a request, per procedure (tRPC) or route',
    labelNames: ['procedure'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [own],
  });
  new Gauge({
    name: 'gongzhi_intake_queue_depth',
    help: 'Cases taken in and waiting for a transaction (state=waiting) or being written (state=writing)',
    labelNames: ['state'] as const,
    registers: [own],
    collect() {
      const depth = intakeQueueDepth(services.db);
      this.set({ state: 'waiting' }, depth.waiting);
      this.set({ state: 'writing' }, depth.writing);
    },
  });
  new Gauge({
    name: 'gongzhi_sse_connections',
    help: 'Live-inbox streams open on this process',
    registers: [own],
    collect() {
      this.set(services.bus.subscribers);
    },
  });
  const timersDue = new Gauge({ name: 'gongzhi_timers_due', help: 'Timers due and not yet fired', registers: [own] });
  const timersLag = new Gauge({
    name: 'gongzhi_timers_lag_seconds',
    help: 'How late the oldest due timer is (0 when none is due)',
    registers: [own],
  });
  const up = new Gauge({ name: 'gongzhi_database_up', help: '1 when the database answered this scrape', registers: [own] });

  // Merged after every metric above is registered: a merge copies the metrics registered so far.
  const registry = Registry.merge([processRegistry(), own]);

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const status = `${Math.floor(c.res.status / 100)}xx`;
      for (const procedure of procedureLabels(c.req.path, c.req.routePath)) {
        requests.inc({ procedure, status });
        duration.observe({ procedure }, seconds);
      }
    }
  };

  const handler = async (c: Context) => {
    const allowed = options.token
      ? c.req.header('authorization') === `Bearer ${options.token}`
      : ['127.0.0.1', '::1', '::ffff:127.0.0.1', 'in-process'].includes(callerOf(c, options.trustedProxies ?? []).address);
    if (!allowed) return c.text('metrics are served to loopback or to a bearer of METRICS_TOKEN\n', 403);
    try {
      const backlog = await timerBacklog(services.db, services.clock.now());
      timersDue.set(backlog.due);
      timersLag.set(backlog.lagSeconds);
      up.set(1);
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e;
      up.set(0);
    }
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  };
  return { middleware, handler };
}

/**
 * Ready to take traffic: the database answers, every migration this build ships is applied, and
 * the live inbox's LISTEN is connected. A load balancer sends nothing to a server that is not.
 */
export async function readiness(
  services: Services,
): Promise<{ ready: boolean; database: string; migrations: { expected: number; applied: number } | null; listener: string }> {
  const listener = services.listenerState?.() ?? 'none';
  try {
    await ping(services.db);
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    return { ready: false, database: 'unavailable', migrations: null, listener };
  }
  const migrations = await migrationState(services.db);
  const ready = migrations.applied >= migrations.expected && listener !== 'reconnecting';
  return { ready, database: 'ok', migrations, listener };
}
