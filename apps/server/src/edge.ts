import type { Context, MiddlewareHandler } from 'hono';
import type { IncomingMessage } from 'node:http';
import { bodyLimit } from 'hono/body-limit';

/** JSON and form bodies above this are refused with 413 (uploads, when they come, stream elsewhere). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** The most calls one tRPC batch may carry; the portal does not batch, so this only bounds other clients. */
export const MAX_BATCH_SIZE = 10;

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
  }
}

/** Every request gets an id: a fault is logged under it and the user is shown it (`x-request-id`). */
export const requestId: MiddlewareHandler = async (c, next) => {
  const id = crypto.randomUUID();
  c.set('requestId', id);
  await next();
  c.res.headers.set('x-request-id', id);
};

/**
 * A body limit whose refusal is a tRPC error document, as every other tRPC error. On Node a
 * request that says its length (Content-Length, not chunked) is judged by it from the incoming
 * message, and one without a body (GET, HEAD) passes: neither touches the web Request's body,
 * which would build the whole undici Request and a web stream over the socket for every call
 * (Hono's node server reads a body it has not wrapped straight from the socket). Anything else
 * (chunked, or no Node request: `app.request` in tests) is counted as it streams, by Hono's limit.
 */
export const trpcBodyLimit: MiddlewareHandler = (c, next) => {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) {
    if (incoming.method === 'GET' || incoming.method === 'HEAD') return next();
    const length = incoming.headers['content-length'];
    if (length !== undefined && incoming.headers['transfer-encoding'] === undefined && /^\d+$/.test(length)) {
      return Number(length) > MAX_BODY_BYTES ? Promise.resolve(tooLarge(c)) : next();
    }
  }
  return streamedBodyLimit(c, next);
};

const tooLarge = (c: Context) =>
  c.json(
    {
      error: {
        message: 'Payload too large',
        code: -32600,
        data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, reason: 'PAYLOAD_TOO_LARGE', params: { limit: MAX_BODY_BYTES } },
      },
    },
    413,
  );

const streamedBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: tooLarge,
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a browser names for a request: Origin, or the origin of the Referer when Origin is absent; null when neither is sent. */
function claimedOrigin(c: Context): string | null {
  const origin = c.req.header('origin');
  if (origin !== undefined) return origin;
  const referer = c.req.header('referer');
  if (referer === undefined) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/**
 * Cross-site request forgery: a state-changing request (any method but GET, HEAD, OPTIONS; tRPC
 * mutations are POSTs, queries and subscriptions GETs) is refused with 403 unless the origin the
 * browser names for it (Origin, or Referer without one) is the platform's own: the origin the
 * request was addressed to (its Host, over HTTPS when it came so or a trusted proxy says so) or one
 * of `allowedOrigins` (ALLOWED_ORIGINS). A request naming no origin at all did not come from a
 * page in a browser (browsers send Origin with every cross-site POST): command-line and
 * server-to-server clients pass. Open311 is not behind this check: its POST is authorised by an
 * api_key and cross-origin by design.
 */
export function sameOrigin(allowedOrigins: readonly string[], trustedProxies: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, '').toLowerCase()));
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const claimed = claimedOrigin(c);
    if (claimed === null) return next();
    // A browser sends the Host it addresses honestly; a client that forges it is not a browser page, so no forgery.
    const own = `${callerOf(c, trustedProxies).https ? 'https' : 'http'}://${c.req.header('host') ?? new URL(c.req.url).host}`;
    const origin = claimed.toLowerCase();
    if (origin === own.toLowerCase() || allowed.has(origin)) return next();
    return c.json(
      {
        error: {
          message: 'Cross-site request refused',
          code: -32600,
          data: { code: 'FORBIDDEN', httpStatus: 403, reason: 'ORIGIN_REFUSED', params: { origin: claimed } },
        },
      },
      403,
    );
  };
}

/**
 * Who is calling, as far as the edge can tell: the socket's address, or, when the socket is one of
 * the trusted proxies, the last address the proxy appended to X-Forwarded-For and the protocol it
 * forwarded. Headers from anyone else are ignored. (`in-process` when there is no socket: tests.)
 */
export function callerOf(c: Context, trustedProxies: readonly string[]): { address: string; https: boolean } {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const socket = env?.incoming?.socket?.remoteAddress ?? 'in-process';
  if (trustedProxies.includes(socket)) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const proto = (c.req.header('x-forwarded-proto') ?? '').split(',')[0]?.trim().toLowerCase();
    return { address: forwarded.at(-1) ?? socket, https: proto === 'https' };
  }
  return { address: socket, https: new URL(c.req.url).protocol === 'https:' };
}
