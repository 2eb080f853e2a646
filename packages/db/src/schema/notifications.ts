import { bigint, bigserial, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { NotificationKind, TaskAction, WorkflowKind } from '@gongzhi/domain';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A task that appeared in an inbox (written by the engine in the step's transaction): what changed for its readers. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    inbox: text('inbox').notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    action: text('action').$type<TaskAction>().notNull(),
    workflowId: text('workflow_id').notNull(),
    workflowKind: text('workflow_kind').$type<WorkflowKind>().notNull(),
    caseId: text('case_id'),
    at: at('at').notNull(),
  },
  (t) => [index('notifications_inbox').on(t.inbox, t.id)],
);

/** Read state is each person's own: everything up to `readTo` (mark all read), and single ones above it. */
export const notificationMarks = pgTable('notification_marks', {
  userId: text('user_id').primaryKey(),
  readTo: bigint('read_to', { mode: 'number' }).notNull(),
});

export const notificationReads = pgTable(
  'notification_reads',
  {
    userId: text('user_id').notNull(),
    notificationId: bigint('notification_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.notificationId] })],
);
