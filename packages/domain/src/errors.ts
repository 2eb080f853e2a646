/** Error codes a caller can act on; the API maps each to one tRPC code and HTTP status. */
export type ErrorCode = 'INVALID' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT' | 'TOO_MANY_REQUESTS';

/**
 * The one error type of the platform. `reason` is a stable key the portal turns into zh/en text;
 * `message` is the English fallback for logs and the CLI; `params` fill the translated text.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (reason: string, message: string, params?: Record<string, string | number>) => new DomainError('INVALID', reason, message, params);
