import { ALLIANCE_CITIES, ALLIANCE_SCOPE, adminScopes, requireManages, type AdminScope, type Membership, type Principal } from '@gongzhi/domain';
import type { Services, UseCaseContext } from '../context.ts';

/** Who administers: a signed-in administrator with their scopes, or the operator at the command line. */
export interface Administrator {
  userId: string | null;
  /** as the audit names them (`cli` for the command line) */
  username: string;
  scopes: readonly AdminScope[];
}

export const administratorOf = (p: Principal): Administrator => ({ userId: p.userId, username: p.username, scopes: adminScopes(p) });

/** The operator of the machine (`gongzhi admin create`, `gongzhi users import`): every scope. */
export const OPERATOR: Administrator = { userId: null, username: 'cli', scopes: [ALLIANCE_SCOPE, ...ALLIANCE_CITIES] };

/** The context of an administrative use case. */
export type AdminContext<S extends keyof Services = 'clock'> = UseCaseContext<S | 'clock'> & { administrator: Administrator };

export const requireAdministers = (admin: Administrator, ms: readonly Membership[]) => requireManages(admin.scopes, ms);
