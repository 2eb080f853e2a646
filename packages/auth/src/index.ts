export { hashPassword, verifyPassword } from './password.ts';
export * from './session.ts';
export { SessionCache, SESSION_CACHE_MAX_AGE_MS, type CachedSession, type SessionCacheOptions } from './session-cache.ts';
export * from './cookie.ts';
export { login, FREE_ATTEMPTS } from './login.ts';
export type { LoginResult } from './login.ts';
export { MIN_PASSWORD_LENGTH, isCommonPassword, requireStrongPassword, temporaryPassword } from './password-policy.ts';
