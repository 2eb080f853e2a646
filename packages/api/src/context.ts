import type { Alliance } from '@gongzhi/geo';
import type { Clock, Principal } from '@gongzhi/domain';
import type { Database, IntakeDeps, MatterSuggester } from '@gongzhi/db';
import { readSessionToken, validateSessionToken, type Session } from '@gongzhi/auth';
import type { InboxBus } from './inbox-bus.ts';

// Type aliases, not interfaces: the Hono adapter wants Record-compatible contexts.
export type Services = {
  db: Database;
  clock: Clock;
  alliance: Alliance;
  /** inbox changes announced by the engine (this process and, on PostgreSQL, all others) */
  bus: InboxBus;
  /** how long a reporter has to confirm a resolution before it counts as confirmed (default 72 h) */
  confirmWindowMs?: number;
  /** guesses the matter of a complaint taken in without one */
  classifier?: MatterSuggester;
  /** routes on the classifier's guess at or above this confidence (default 0.7), else triage */
  confidenceThreshold?: number;
  /** repeats link to cases closed at most this many days ago (default 30) */
  repeatWindowDays?: number;
};

/** What every procedure can reach: the services plus who is asking. Built once per request by the HTTP adapter. */
export type Context = Services & {
  principal: Principal | null;
  session: Session | null;
  /** Cookies must be Secure unless the request came to plain-HTTP localhost. */
  secureCookies: boolean;
  setCookie(header: string): void;
};

/** What intake needs from the services, whichever channel the case comes by. */
export const intakeDepsOf = (s: Services): IntakeDeps => ({
  db: s.db,
  clock: s.clock,
  alliance: s.alliance,
  confirmWindowMs: s.confirmWindowMs,
  classifier: s.classifier,
  confidenceThreshold: s.confidenceThreshold,
  repeatWindowDays: s.repeatWindowDays,
});

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
