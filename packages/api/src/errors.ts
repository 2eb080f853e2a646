import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { DomainError, type ErrorCode, type ErrorReason } from '@gongzhi/domain';
import { isDatabaseUnavailable } from '@gongzhi/db';

/** The one place where a domain error code becomes a tRPC code (and with it an HTTP status). */
export const TRPC_CODE: Readonly<Record<ErrorCode, TRPC_ERROR_CODE_KEY>> = {
  INVALID: 'BAD_REQUEST', // 400
  UNAUTHENTICATED: 'UNAUTHORIZED', // 401
  FORBIDDEN: 'FORBIDDEN', // 403
  NOT_FOUND: 'NOT_FOUND', // 404
  CONFLICT: 'CONFLICT', // 409
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS', // 429
};

export function toTRPCError(error: unknown): TRPCError {
  // The database out of reach (restart, failover) is a 503 the client may retry, not a fault.
  if (isDatabaseUnavailable(error))
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unavailable; try again shortly',
      cause: error instanceof Error ? error : undefined,
    });
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError) return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error', cause: error instanceof Error ? error : undefined });
}

/** The HTTP status of a domain error, as tRPC answers it (for routes outside tRPC: reports). */
export const httpStatusOf = (error: DomainError): number => getHTTPStatusCodeFromError(toTRPCError(error));

/**
 * Every reason a client can be given: the domain's, bad input, an internal error, and the tRPC
 * codes a request can fail with before any use case runs. The portal has text for each.
 */
export type ClientErrorReason = ErrorReason | 'INPUT_INVALID' | 'INTERNAL' | 'BATCH_TOO_LARGE' | TRPC_ERROR_CODE_KEY;

/** What the client gets besides the message: a stable reason key and its parameters, for zh/en text. */
export interface ErrorData {
  reason: ClientErrorReason;
  params: Record<string, string | number>;
}

export function errorData(error: TRPCError): ErrorData {
  const cause = error.cause;
  if (cause instanceof DomainError) return { reason: cause.reason, params: cause.params };
  if (error.code === 'BAD_REQUEST' && cause && 'issues' in cause && Array.isArray(cause.issues)) {
    const fields = cause.issues.map((i: { path: PropertyKey[] }) => i.path.join('.')).filter(Boolean);
    return { reason: 'INPUT_INVALID', params: { fields: [...new Set(fields)].join(', ') } };
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') return { reason: 'INTERNAL', params: {} };
  // tRPC's own refusal of a batch over the adapter's maxBatchSize.
  if (error.code === 'BAD_REQUEST' && /batch/i.test(error.message)) return { reason: 'BATCH_TOO_LARGE', params: {} };
  return { reason: error.code, params: {} };
}
