import type { MiddlewareHandler } from 'hono';

/** One structured log line (JSON) on stdout: what log collectors (Loki, ELK, Cloud Logging) take as is. */
export function logJson(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === 'info') process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
}

/** Each request as one JSON line with its request id (the id the user's error shows), status and duration. */
export const accessLog: MiddlewareHandler = async (c, next) => {
  const started = performance.now();
  await next();
  logJson(c.res.status >= 500 ? 'error' : 'info', 'request', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  });
};
