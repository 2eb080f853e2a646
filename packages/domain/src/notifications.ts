import { inboxesOf, type Actor, type TaskAction } from './workflow/index.ts';

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
 * The notification a new task makes, from its action and the step that made it (its event, null
 * when a workflow starts, and who acted): a reminder (催办), a supervision order (督办), a transfer to
 * accept, the case a ruling gave a unit, any other new task; none for a task that only waits, nor
 * for one the inbox's own people made themselves (a claim turning into work is not news to the unit).
 */
export function notificationOf(task: { inbox: string; action: TaskAction }, step: { event: string | null; actor: Actor }): NotificationKind | null {
  const { action } = task;
  const { event, actor } = step;
  if (WAITING.has(action)) return null;
  if (actor.kind === 'user' && inboxesOf(actor.memberships).includes(task.inbox)) return null;
  if (action === 'reminded') return 'reminder';
  if (action === 'answer-supervision') return 'supervision';
  if (action === 'accept-transfer') return 'transfer';
  if (event === 'RULED') return 'ruling';
  return 'task';
}
