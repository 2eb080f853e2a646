import { mayManage } from '@gongzhi/domain';
import { listUsers as list, type UserRecord } from '@gongzhi/db';
import type { AdminContext } from './administrator.ts';

export interface UserSummary extends Omit<UserRecord, 'createdAt' | 'deactivatedAt'> {
  createdAt: string;
  deactivatedAt: string | null;
  /** whether this administrator manages every membership the person holds (else they only see them) */
  manageable: boolean;
}

export const toSummary = (u: UserRecord, scopes: AdminContext['administrator']['scopes']): UserSummary => ({
  ...u,
  createdAt: u.createdAt.toISOString(),
  deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
  manageable: mayManage(scopes, u.memberships),
});

/** The people an administrator's scopes reach, searched by username, name or phone. */
export async function listUsers({
  ctx,
  input,
}: {
  ctx: AdminContext;
  input: { query?: string | undefined; active?: boolean | undefined; limit?: number | undefined };
}): Promise<UserSummary[]> {
  const scopes = ctx.administrator.scopes;
  const rows = await list(ctx.db, { scopes, query: input.query, active: input.active, limit: input.limit ?? 200 });
  return rows.map((u) => toSummary(u, scopes));
}
