import { TRPCError } from '@trpc/server';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { trpcServer } from '@hono/trpc-server';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { appRouter, createContext, type Services } from '@gongzhi/api';
import { isDatabaseUnavailable, ping } from '@gongzhi/db';
import { accessLog } from './log.ts';
import { MAX_BATCH_SIZE, callerOf, requestId, sameOrigin, trpcBodyLimit } from './edge.ts';
import { open311Routes } from './open311.ts';
import { reportRoutes } from './reports/routes.ts';
import { peopleImportRoutes } from './people-import.ts';
import { fileRoutes } from './files.ts';
import { createMetrics, readiness } from './metrics.ts';

export interface AppOptions {
  services: Services;
  /** The built portal (apps/portal/dist); the app serves it when it exists. */
  portalDir?: string;
  /** Secure session cookies: true/false from COOKIE_SECURE; unset, Secure when the request came over HTTPS (as a trusted proxy says) */
  cookieSecure?: boolean | undefined;
  /** socket addresses whose X-Forwarded-For and X-Forwarded-Proto are believed (TRUSTED_PROXIES) */
  trustedProxies?: readonly string[];
  /** origins besides the request's own whose pages may send state-changing requests (ALLOWED_ORIGINS) */
  allowedOrigins?: readonly string[];
  /** a bearer token for /metrics (METRICS_TOKEN); unset, /metrics answers loopback only */
  metricsToken?: string | undefined;
  /** one JSON line per request on stdout (LOG_FORMAT=json) */
  jsonLog?: boolean;
  /** true once the process is shutting down: /ready answers 503 and every response asks the client to close its connection */
  draining?: () => boolean;
}

/** Mounts everything the server offers; `main.ts` listens, tests call `app.request()`. */
export function createApp({
  services,
  portalDir,
  cookieSecure,
  trustedProxies = [],
  allowedOrigins = [],
  metricsToken,
  jsonLog = false,
  draining = () => false,
}: AppOptions): Hono {
  const app = new Hono();
  app.use('*', requestId);
  if (jsonLog) app.use('*', accessLog);
  app.use('*', async (c, next) => {
    await next();
    if (draining()) c.res.headers.set('connection', 'close');
  });
  const metrics = createMetrics(services, { token: metricsToken, trustedProxies });
  app.use('*', metrics.middleware);
  app.get('/metrics', metrics.handler);

  // Ready for traffic (a load balancer's check): database answering, migrations applied, listener
  // connected, and the process not shutting down (the balancer stops sending before it goes).
  app.get('/ready', async (c) => {
    const state = await readiness(services);
    const ready = state.ready && !draining();
    return c.json({ status: ready ? 'ready' : 'not-ready', ...state, ready, draining: draining() }, ready ? 200 : 503);
  });

  // The database answering, and the live inbox's LISTEN connected ('reconnecting' while it is reopened).
  app.get('/health', async (c) => {
    const listener = services.listenerState?.() ?? 'none';
    try {
      await ping(services.db);
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e;
      return c.json({ status: 'unavailable', database: 'unavailable', listener }, 503);
    }
    return c.json({ status: listener === 'reconnecting' ? 'degraded' : 'ok', database: 'ok', listener });
  });

  app.use('/trpc/*', sameOrigin(allowedOrigins, trustedProxies));
  app.use('/trpc/*', trpcBodyLimit);
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: (opts, c) => {
        const caller = callerOf(c, trustedProxies);
        return createContextOr503(services, {
          cookieHeader: c.req.header('cookie') ?? null,
          // Never from the Host header, which any client sets.
          secureCookies: cookieSecure ?? caller.https,
          clientAddress: caller.address,
          userAgent: c.req.header('user-agent') ?? null,
          setCookie: (header) => opts.resHeaders.append('set-cookie', header),
          requestId: c.get('requestId'),
        });
      },
      onError: ({ error, path, ctx }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[gongzhi] request ${ctx?.requestId ?? '-'} ${path ?? ''} failed:`, error.cause ?? error);
      },
    }),
  );

  app.route('/', open311Routes(services));
  app.route('/', reportRoutes(services));
  // Uploads are state-changing and signed in by cookie: the same cross-site check as tRPC's.
  app.use('/files/*', sameOrigin(allowedOrigins, trustedProxies));
  app.route('/', fileRoutes(services));
  app.use('/imports/*', sameOrigin(allowedOrigins, trustedProxies));
  app.route('/', peopleImportRoutes(services));

  if (portalDir && existsSync(join(portalDir, 'index.html'))) {
    const root = relative(process.cwd(), portalDir) || '.';
    app.use('/assets/*', serveStatic({ root }));
    // A missing asset (say, from a page built before the portal was rebuilt) is a 404, never the page.
    app.get('/assets/*', (c) => c.json({ error: { code: 'NOT_FOUND', message: `No such asset: ${c.req.path}` } }, 404));
    app.use('/*', serveStatic({ root }));
    // Client-side routes (/inbox, /cases/…, …) all load the same page, read afresh so a rebuild takes effect.
    app.get('*', (c) => c.html(readFileSync(join(portalDir, 'index.html'), 'utf8')));
  }

  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `No such path: ${c.req.path}` } }, 404));
  app.onError((error, c) => {
    const id = c.get('requestId');
    if (isDatabaseUnavailable(error))
      return c.json({ error: { code: 'UNAVAILABLE', message: 'The database cannot be reached right now; try again shortly', requestId: id } }, 503);
    console.error(`[gongzhi] request ${id} ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: { code: 'INTERNAL', message: `Internal error (request ${id})`, requestId: id } }, 500);
  });
  return app;
}

/** The request context; a session lookup that cannot reach the database is a 503, as in a procedure. */
async function createContextOr503(...args: Parameters<typeof createContext>) {
  try {
    return await createContext(...args);
  } catch (e) {
    throw isDatabaseUnavailable(e) ? new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly', cause: e }) : e;
  }
}
