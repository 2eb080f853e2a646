import { caseScopeOf, inboxesOf } from '@gongzhi/domain';
import { listNotifications as list, markNotificationsRead, type NotificationReader } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';

/** Notifications older than this neither count nor show. */
const KEPT_MS = 30 * 86_400_000;

const readerOf = (ctx: SignedInContext<'clock'>): NotificationReader => ({
  userId: ctx.principal.userId,
  inboxes: inboxesOf(ctx.principal.memberships),
  scope: caseScopeOf(ctx.principal),
  since: new Date(ctx.clock.now().getTime() - KEPT_MS),
});

/**
 * What changed for me: new tasks, reminders, supervision orders, transfers received, rulings in my
 * inboxes, a page at a time, newest first (older than `before`, the last one shown, when given), with
 * whether older ones follow and my unread count.
 */
export const listNotifications = ({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { limit?: number | undefined; before?: number | undefined } }) =>
  list(ctx.db, readerOf(ctx), { limit: input.limit ?? 30, before: input.before });

/** Marks my notifications read: some, or all; answers the newest page. */
export async function readNotifications({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { ids?: number[] | undefined; all?: boolean | undefined } }) {
  await markNotificationsRead(ctx.db, readerOf(ctx), input);
  return list(ctx.db, readerOf(ctx));
}
