import type { Alliance } from '@gongzhi/geo';
import type { Clock, Principal } from '@gongzhi/domain';
import type { Database } from '@gongzhi/db';
import { readSessionToken, validateSessionToken, type Session } from '@gongzhi/auth';
import type { InboxBus } from './inbox-bus.ts';

/** What every procedure can reach. Built once per request by the HTTP adapter. */
// A type alias, not an interface: the Hono adapter wants a Record-compatible context.
export type Context = {
  db: Database;
  clock: Clock;
  alliance: Alliance;
  bus: InboxBus;
  confirmWindowMs?: number;
  principal: Principal | null;
  session: Session | null;
  /** Cookies must be Secure unless the request came to plain-HTTP localhost. */
  secureCookies: boolean;
  setCookie(header: string): void;
};

export interface Services {
  db: Database;
  clock: Clock;
  alliance: Alliance;
  /** inbox changes announced by the engine (this process and, on PostgreSQL, all others) */
  bus: InboxBus;
  /** how long a reporter has to confirm a resolution before it counts as confirmed (default 72 h) */
  confirmWindowMs?: number;
}

export async function createContext(
  services: Services,
  request: { cookieHeader: string | null; secureCookies: boolean; setCookie(header: string): void },
): Promise<Context> {
  const token = readSessionToken(request.cookieHeader);
  const valid = token ? await validateSessionToken(services.db, services.clock, token) : null;
  return {
    ...services,
    principal: valid?.principal ?? null,
    session: valid?.session ?? null,
    secureCookies: request.secureCookies,
    setCookie: request.setCookie,
  };
}
