import { and, eq, gt, inArray, notExists, sql, type SQL } from 'drizzle-orm';
import type { CaseScope, NotificationKind, TaskAction, WorkflowKind } from '@gongzhi/domain';
import { rowsOf, type Database } from '../client.ts';
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

const readTo = (userId: string) =>
  sql`coalesce((select ${notificationMarks.readTo} from ${notificationMarks} where ${notificationMarks.userId} = ${userId}), 0)`;
const unread = (userId: string) =>
  and(
    gt(notifications.id, readTo(userId)),
    notExists(
      sql`(select 1 from ${notificationReads} where ${notificationReads.userId} = ${userId} and ${notificationReads.notificationId} = ${notifications.id})`,
    ),
  ) as SQL;

/**
 * The reader's notifications that `where` keeps, newest first, at most `limit` of each inbox: each
 * inbox walked backwards by `notifications_inbox` (an index gives one inbox's in id order, not
 * several's), and only what the reader may still see, a notification's case under the one visibility
 * rule (none without a case). The rule is asked of each notification's case alone, in a lateral
 * subquery: asked in the walk's own filter, PostgreSQL hashed every task and holding of the reader's
 * units to answer for a page of 30. `columns` may name the case's as `c.number` and `c.matter_code`.
 */
function mine(r: NotificationReader, columns: SQL, where: SQL, limit: number): SQL {
  const inboxes = sql.join(
    (r.inboxes.length ? r.inboxes : ['']).map((inbox) => sql`(${inbox})`),
    sql`, `,
  );
  return sql`select n.* from (values ${inboxes}) as i(inbox) cross join lateral (
      select ${columns} from ${notifications}
      left join lateral (
        select true as visible, ${cases.number} as number, ${cases.matterCode} as matter_code from ${cases}
        where ${cases.id} = ${notifications.caseId} and ${caseVisibleTo(r.scope)} offset 0) c on true
      where ${notifications.inbox} = i.inbox and ${notifications.at} >= ${r.since.toISOString()}::timestamptz
        and (${notifications.caseId} is null or c.visible) and ${where}
      order by ${notifications.id} desc limit ${limit}) n`;
}

/** One page of the reader's notifications, newest first: those older than `before` (an id) when given. */
export interface NotificationPage {
  limit: number;
  before?: number | undefined;
}

/**
 * A page of the newest notifications of the reader's inboxes (older than `page.before`, when given),
 * with their own read state and whether older ones follow, and how many are unread (counted up to `cap`).
 */
export async function listNotifications(
  db: Database,
  reader: NotificationReader,
  page: NotificationPage = { limit: 30 },
  cap = 100,
): Promise<{ unread: number; items: Notification[]; more: boolean }> {
  if (reader.inboxes.length === 0) return { unread: 0, items: [], more: false };
  const [rows, [count]] = await Promise.all([
    db.execute(notificationPage(reader, page)).then((r) => rowsOf<Omit<Notification, 'read' | 'at'> & { at: Date | string; unread: boolean }>(r)),
    db.execute(unreadNotifications(reader, cap)).then((r) => rowsOf<{ n: number }>(r)),
  ]);
  return {
    unread: Number(count?.n ?? 0),
    items: rows.slice(0, page.limit).map(({ unread: u, at, id, caseNumber, ...r }) => ({
      ...r,
      id: Number(id),
      caseNumber: caseNumber === null ? null : Number(caseNumber),
      at: new Date(at).toISOString(),
      read: !u,
    })),
    more: rows.length > page.limit,
  };
}

/** The statement of a page (`listNotifications`): one more than the page, to tell whether older ones follow. */
export function notificationPage(reader: NotificationReader, page: NotificationPage): SQL {
  const columns = sql`${notifications.id} as id, ${notifications.kind} as kind, ${notifications.action} as action, ${notifications.inbox} as inbox,
    ${notifications.workflowId} as "workflowId", ${notifications.workflowKind} as "workflowKind", ${notifications.caseId} as "caseId",
    c.number as "caseNumber", c.matter_code as "matterCode", ${notifications.at} as at, ${unread(reader.userId)} as unread`;
  const older = page.before === undefined ? sql`true` : sql`${notifications.id} < ${page.before}`;
  return sql`select * from (${mine(reader, columns, older, page.limit + 1)}) p order by p.id desc limit ${page.limit + 1}`;
}

/** The statement counting the reader's unread notifications up to `cap` (`listNotifications`). */
export function unreadNotifications(reader: NotificationReader, cap: number): SQL {
  return sql`select count(*)::int as n from (select * from (${mine(reader, sql`${notifications.id} as id`, unread(reader.userId), cap)}) u limit ${cap}) u`;
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
