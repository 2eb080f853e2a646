import type { Context, MiddlewareHandler } from 'hono';
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

/** A body limit whose refusal is a tRPC error document, as every other tRPC error. */
export const trpcBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c: Context) =>
    c.json(
      {
        error: {
          message: 'Payload too large',
          code: -32600,
          data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, reason: 'PAYLOAD_TOO_LARGE', params: { limit: MAX_BODY_BYTES } },
        },
      },
      413,
    ),
});

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
