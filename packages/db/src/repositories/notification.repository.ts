import { and, desc, eq, gt, gte, inArray, isNull, notExists, or, sql } from 'drizzle-orm';
import type { CaseScope, NotificationKind, TaskAction, WorkflowKind } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases, notificationMarks, notificationReads, notifications } from '../schema/index.ts';
import { caseVisibleTo } from './visibility.repository.ts';

export interface Notification {
  id: number;
  kind: NotificationKind;
  action: TaskAction;
  inbox: string;
  workflowId: string;
  workflowKind: WorkflowKind;
  caseId: string | null;
  caseNumber: number | null;
  matterCode: string | null;
  at: string;
  read: boolean;
}

/** Whose notifications: a person (their own read state), their inboxes, and the visibility rule. */
export interface NotificationReader {
  userId: string;
  inboxes: string[];
  scope: CaseScope;
  /** nothing older counts or shows */
  since: Date;
}

/** Only what the reader may still see: a notification's case under the one visibility rule (none without a case). */
const mine = (r: NotificationReader) =>
  and(
    inArray(notifications.inbox, r.inboxes.length ? r.inboxes : ['']),
    gte(notifications.at, r.since),
    or(isNull(notifications.caseId), caseVisibleTo(r.scope)),
  );

const readTo = (userId: string) =>
  sql`coalesce((select ${notificationMarks.readTo} from ${notificationMarks} where ${notificationMarks.userId} = ${userId}), 0)`;
const unread = (userId: string) =>
  and(
    gt(notifications.id, readTo(userId)),
    notExists(
      sql`(select 1 from ${notificationReads} where ${notificationReads.userId} = ${userId} and ${notificationReads.notificationId} = ${notifications.id})`,
    ),
  );

/** The newest notifications of the reader's inboxes, with their own read state, and how many are unread (counted up to `cap`). */
export async function listNotifications(db: Database, reader: NotificationReader, limit = 30, cap = 100): Promise<{ unread: number; items: Notification[] }> {
  if (reader.inboxes.length === 0) return { unread: 0, items: [] };
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        action: notifications.action,
        inbox: notifications.inbox,
        workflowId: notifications.workflowId,
        workflowKind: notifications.workflowKind,
        caseId: notifications.caseId,
        caseNumber: cases.number,
        matterCode: cases.matterCode,
        at: notifications.at,
        unread: sql<boolean>`${unread(reader.userId)}`,
      })
      .from(notifications)
      .leftJoin(cases, eq(cases.id, notifications.caseId))
      .where(mine(reader))
      .orderBy(desc(notifications.id))
      .limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(
      db
        .select({ id: notifications.id })
        .from(notifications)
        .leftJoin(cases, eq(cases.id, notifications.caseId))
        .where(and(mine(reader), unread(reader.userId)))
        .limit(cap)
        .as('u'),
    ),
  ]);
  return {
    unread: count?.n ?? 0,
    items: rows.map(({ unread: u, at, ...r }) => ({ ...r, at: at.toISOString(), read: !u })),
  };
}

/** Marks some of the reader's notifications read, or all of them (up to the newest). */
export async function markNotificationsRead(db: Database, reader: NotificationReader, which: { ids?: number[] | undefined; all?: boolean | undefined }) {
  if (which.all) {
    const [newest] = await db
      .select({ id: sql<number | null>`max(${notifications.id})::bigint` })
      .from(notifications)
      .where(inArray(notifications.inbox, reader.inboxes.length ? reader.inboxes : ['']));
    const to = Number(newest?.id ?? 0);
    if (to === 0) return;
    await db
      .insert(notificationMarks)
      .values({ userId: reader.userId, readTo: to })
      .onConflictDoUpdate({ target: notificationMarks.userId, set: { readTo: sql`greatest(${notificationMarks.readTo}, excluded.read_to)` } });
    await db.delete(notificationReads).where(and(eq(notificationReads.userId, reader.userId), sql`${notificationReads.notificationId} <= ${to}`));
    return;
  }
  const ids = which.ids ?? [];
  if (ids.length === 0) return;
  // only the reader's own inboxes' notifications
  const own = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(inArray(notifications.id, ids), inArray(notifications.inbox, reader.inboxes.length ? reader.inboxes : [''])));
  if (own.length === 0) return;
  await db
    .insert(notificationReads)
    .values(own.map((o) => ({ userId: reader.userId, notificationId: o.id })))
    .onConflictDoNothing();
}
