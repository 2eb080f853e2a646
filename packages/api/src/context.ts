import type { Alliance } from '@gongzhi/geo';
import type { Clock, MatterSuggester, Principal } from '@gongzhi/domain';
import type { AuditCheckpoint, AuditKey, Database } from '@gongzhi/db';
import { readSessionToken, validateSessionToken, type Session, type SessionCache } from '@gongzhi/auth';
import type { LiveClassifier, Trainer } from '@gongzhi/nlp';
import type { FileStore } from '@gongzhi/files';
import type { InboxBus } from './inbox-bus.ts';
import type { FigureCache } from './figure-cache.ts';

// Type aliases, not interfaces: the Hono adapter wants Record-compatible contexts.
export type Services = {
  db: Database;
  clock: Clock;
  alliance: Alliance;
  /** inbox changes announced by the engine (this process and, on PostgreSQL, all others) */
  bus: InboxBus;
  /** how long a reporter has to confirm a resolution before it counts as confirmed (default: the domain's CONFIRM_WINDOW_HOURS) */
  confirmWindowMs?: number;
  /** where attachments are kept (files under DATA_DIR, or an S3-compatible store); none: uploads are refused */
  files?: FileStore;
  /** guesses the matter of a complaint taken in without one */
  classifier?: MatterSuggester;
  /** the classifier's model versions: the one in use, swapped when a retrain stores a newer one */
  models?: LiveClassifier;
  /** trains a model version (the server runs it on a worker thread; by default here) */
  trainer?: Trainer;
  /** routes on the classifier's guess at or above this confidence (default: the domain's), else triage */
  confidenceThreshold?: number;
  /** repeats link to cases closed at most this many days ago (default: the domain's) */
  repeatWindowDays?: number;
  /** command-centre answers kept for the Beijing day until facts change (the server's); none: computed every time */
  figureCache?: FigureCache;
  /**
   * the key that signs the audit log's checkpoints (kept outside the database) and the newest
   * checkpoint published outside it (the server's); none: audit.verify checks the chains alone
   */
  auditCheckpoint?: () => { key: AuditKey; published: AuditCheckpoint | null } | null;
  /** validated sessions of this process, forgotten when they end or change (`sessionCacheOn`); none: every request reads its session */
  sessions?: SessionCache;
  /** the state of the live inbox's LISTEN connection, for /health */
  listenerState?: () => 'listening' | 'reconnecting' | 'none';
};

/** What every procedure can reach: the services plus who is asking. Built once per request by the HTTP adapter. */
export type Context = Services & {
  principal: Principal | null;
  session: Session | null;
  /** Cookies must be Secure unless the request came to plain-HTTP localhost. */
  secureCookies: boolean;
  setCookie(header: string): void;
  /** the id a fault is logged under and shown to the user with */
  requestId: string;
  /** the caller's address (a trusted proxy's X-Forwarded-For, else the socket's): the sign-in throttle keys on it */
  clientAddress: string;
  /** the browser's User-Agent: a new session remembers its device by it */
  userAgent?: string | null;
};

/**
 * A use case's context: the services it uses and, for one run by a signed-in user, who that is.
 * Every use case is `({ ctx, input })`; a procedure passes its own ctx, which has all of these.
 */
export type UseCaseContext<S extends keyof Services = never> = Pick<Services, S | 'db'>;
export type SignedInContext<S extends keyof Services = never> = UseCaseContext<S> & { principal: Principal };

/** Who is asking comes from the request alone: services that named a request field would replace it. */
type NoRequestFields = { [K in Exclude<keyof Context, keyof Services>]?: never };

export async function createContext(
  services: Services & NoRequestFields,
  request: {
    cookieHeader: string | null;
    secureCookies: boolean;
    setCookie(header: string): void;
    requestId?: string;
    clientAddress?: string;
    userAgent?: string | null;
  },
): Promise<Context> {
  const token = readSessionToken(request.cookieHeader);
  const valid = token ? await validateSessionToken(services.db, services.clock, token, services.sessions) : null;
  // The services are spread last: on Node 20 an object literal that adds properties after a spread
  // builds slowly, one spread at the end does not (the request's own fields are not services).
  return {
    principal: valid?.principal ?? null,
    session: valid?.session ?? null,
    secureCookies: request.secureCookies,
    setCookie: request.setCookie,
    requestId: request.requestId ?? crypto.randomUUID(),
    clientAddress: request.clientAddress ?? 'unknown',
    userAgent: request.userAgent ?? null,
    ...services,
  };
}
