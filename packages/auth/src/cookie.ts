/** The session cookie: HttpOnly, SameSite=Lax, Secure everywhere except plain-HTTP localhost. */
export const SESSION_COOKIE = 'gongzhi_session';

export interface CookieOptions {
  secure: boolean;
}

export function sessionCookie(token: string, expiresAt: Date, options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Lax', 'Path=/', `Expires=${expiresAt.toUTCString()}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function blankSessionCookie(options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=0'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

/** Secure cookies need HTTPS; a browser on http://localhost would drop them. */
export const isLocalHost = (host: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
