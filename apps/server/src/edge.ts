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
