import { inboxesOf, type DomainCode, type TaskRole, type Tier } from '@gongzhi/domain';
import { listInbox as list, loadMatrix } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';

export interface InboxQuery {
  /** one of the user's inboxes; all of them when absent */
  inbox?: string | undefined;
  domain?: DomainCode | undefined;
  tier?: Tier | undefined;
  cityAdcode?: string | undefined;
  countyAdcode?: string | undefined;
  role?: TaskRole | undefined;
  /** only the tasks of these cases: how a live inbox refreshes what an event touched */
  caseIds?: string[] | undefined;
  limit?: number | undefined;
}

/** The signed-in user's inboxes (or one of them), soonest deadline first. */
export async function listInbox({ ctx, input }: { ctx: SignedInContext; input: InboxQuery }) {
  const mine = inboxesOf(ctx.principal.memberships);
  const inboxes = input.inbox ? mine.filter((i) => i === input.inbox) : mine;
  const matterCodes = input.domain ? (await loadMatrix(ctx.db)).matters.filter((m) => m.domain === input.domain).map((m) => m.code) : undefined;
  return list(ctx.db, { ...input, inboxes, matterCodes });
}

/** The inboxes the signed-in user sees. */
export const myInboxes = ({ ctx }: { ctx: SignedInContext }) => inboxesOf(ctx.principal.memberships);
