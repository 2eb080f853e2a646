import type { TaskAction } from './workflow/index.ts';

/**
 * What changed for a person (issue 11, item 11): a notification is a task that appeared in one of
 * their inboxes, named by what brought it. Derived from the inbox projection: the engine records
 * one for each new task of a step, of the kind this function gives.
 */
export const NOTIFICATION_KINDS = ['task', 'reminder', 'supervision', 'transfer', 'ruling'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Tasks that only say the inbox is waiting for someone else: nothing for its reader to act on. */
const WAITING: ReadonlySet<TaskAction> = new Set<TaskAction>(['await-transfer', 'await-ruling', 'await-confirmation', 'await-cosign', 'suspended']);

/**
 * The notification a new task makes, from its action and the event of the step that made it
 * (null when a workflow starts): a reminder (催办), a supervision order (督办), a transfer to accept,
 * the case a ruling gave a unit, any other new task; none for a task that only waits.
 */
export function notificationOf(action: TaskAction, event: string | null): NotificationKind | null {
  if (WAITING.has(action)) return null;
  if (action === 'reminded') return 'reminder';
  if (action === 'answer-supervision') return 'supervision';
  if (action === 'accept-transfer') return 'transfer';
  if (event === 'RULED') return 'ruling';
  return 'task';
}
