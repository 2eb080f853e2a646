import { A, useLocation } from '@solidjs/router';
import { For, Show, createSignal, type JSX } from 'solid-js';
import type { CaseStatus, TaskAction, TaskActionOf, WorkflowKind } from '@gongzhi/domain';
import { t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { hasRole } from '../lib/session.ts';
import { draftOfTask } from '../lib/drafts.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { TransferDialog } from './TransferDialog.tsx';
import { AssignDialog } from './AssignDialog.tsx';
import { ResolveDialog } from './ResolveDialog.tsx';

/** What a row of an inbox (or a case page) knows about a task. */
export interface TaskRef {
  kind: WorkflowKind;
  workflowId: string;
  caseId: string | null;
  /** the case's number, for the outbox's "case #N" while a resolution waits to be sent */
  caseNumber?: number | null;
  action: TaskAction;
  inbox: string;
  matterCode: string | null;
  caseState?: CaseStatus | null;
  transferLocked?: boolean;
  /** escalation level of the task's deadline (L1 supervisor, L2 coordinator, L3 leadership) */
  escalation?: number;
}

/** A dialog asking for a text (a reason, a note) and, when `date` names it, a date and time too. */
type Ask = { title: string; label: string; submit: string; date?: string; run: (text: string, when: string) => Promise<unknown> };
export type Button =
  | { label: string; run: () => Promise<unknown>; primary?: boolean }
  /** assigning the case to a named person of the unit `unit` */
  | { label: string; assign: { caseIds: string[]; unit: string } }
  | { label: string; ask: Ask }
  | { label: string; transfer: true; locked: boolean }
  /** resolving the case: the result and, for an enforcement matter, its enforcement record */
  | { label: string; resolve: string }
  | { label: string; href: string };

const reason = (title: string, run: (reason: string) => Promise<unknown>): Ask => ({ title, label: t().common.reason, submit: t().common.submit, run });
const note = (title: string, label: string, run: (text: string) => Promise<unknown>): Ask => ({ title, label, submit: t().common.submit, run });
const openCase = (task: TaskRef): Button[] => (task.caseId ? [{ label: t().actions.openCase, href: `/cases/${task.caseId}` }] : []);
const openJoint = (task: TaskRef): Button => ({ label: t().actions.openJoint, href: `/cases/${task.caseId ?? ''}/joint/${task.workflowId}` });
const openDesk = (task: TaskRef): Button[] => [{ label: t().actions.openDesk, href: '/disputes' }, ...openCase(task)];
const openStandards = (): Button[] => [{ label: t().nav.standards, href: '/standards' }];
const isoOf = (local: string) => new Date(local).toISOString();
const openDraft = (task: TaskRef): Button[] => [{ label: t().actions.openDraft, href: `/matrix/drafts/${draftOfTask(task.workflowId)}` }];

/** Deciding an extension or a suspension request: approve at once, or refuse with a reason. */
const decide = (task: TaskRef, mutate: (input: { caseId: string; approve: boolean; note: string }) => Promise<unknown>): Button[] => {
  const d = t().deadline;
  const caseId = task.caseId ?? '';
  return [
    { label: d.approve, run: () => mutate({ caseId, approve: true, note: '' }), primary: true },
    { label: d.refuse, ask: reason(d.refuseTitle, (r) => mutate({ caseId, approve: false, note: r })) },
    ...openCase(task),
  ];
};
const resume = (task: TaskRef): Button => ({
  label: t().deadline.resume,
  ask: note(t().deadline.resumeTitle, t().common.note, (n) => api.case.resume.mutate({ caseId: task.caseId ?? '', note: n })),
});

type Buttons = (task: TaskRef) => Button[];

/** A supervisor's decision on an enforcement record outside the discretion standard: a reason either way. */
export const approveEnforcement = (caseId: string | null): Button[] => {
  if (!caseId) return [];
  const e = t().enforcement;
  return [
    { label: e.approve, ask: reason(e.approveTitle, (r) => api.case.decideEnforcement.mutate({ caseId, approve: true, reason: r })) },
    { label: e.refuse, ask: reason(e.refuseTitle, (r) => api.case.decideEnforcement.mutate({ caseId, approve: false, reason: r })) },
  ];
};

/** Whoever may oversee cases: a unit's supervisor, a city's coordinator, leadership (the server decides per case). */
export const overseer = () => hasRole('supervisor') || hasRole('coordinator') || hasRole('leadership');

/** 催办 and 督办 on a case, for those who oversee it. */
export function oversee(caseId: string | null): Button[] {
  if (!caseId || !overseer()) return [];
  const s = t().supervision;
  return [
    { label: s.remind, ask: note(s.remindTitle, s.text, (n) => api.case.remind.mutate({ caseId, note: n })) },
    {
      label: s.supervise,
      ask: {
        ...note(s.superviseTitle, s.text, () => Promise.resolve()),
        date: s.dueBy,
        run: (n, when) => api.case.supervise.mutate({ caseId, note: n, dueBy: isoOf(when) }),
      },
    },
  ];
}

/** Assigning a case of a unit to a named person of it: its supervisor, the city's coordinator. */
export const assignButton = (caseId: string | null, unit: string | null): Button[] =>
  caseId && unit && (hasRole('supervisor') || hasRole('coordinator')) ? [{ label: t().supervision.assign, assign: { caseIds: [caseId], unit } }] : [];

/** The holder answers the open supervision order due soonest. */
export const answerButton = (caseId: string | null): Button[] =>
  caseId
    ? [
        {
          label: t().supervision.answer,
          ask: note(t().supervision.answerTitle, t().common.note, (n) => api.case.answerSupervision.mutate({ caseId, note: n })),
        },
      ]
    : [];

/** On an escalated task (L1–L3), the supervision actions come first. */
const escalated = (task: TaskRef): Button[] => ((task.escalation ?? 0) > 0 ? oversee(task.caseId) : []);

/**
 * The buttons each task offers, for every workflow kind and every action its tasks can ask for:
 * a task action added in the domain fails to compile here until it has its buttons.
 */
const BUTTONS: { [K in WorkflowKind]: Record<TaskActionOf<K>, Buttons> } = {
  case: {
    claim: (task) => [
      { label: t().actions.claim, run: () => api.case.claim.mutate({ caseId: task.caseId ?? '' }), primary: true },
      { label: t().actions.transfer, transfer: true, locked: task.transferLocked === true },
      ...escalated(task),
      ...assignButton(task.caseId, task.inbox),
      ...openCase(task),
    ],
    work: (task) => [...escalated(task), ...work(task)],
    'work-supervised': (task) => [...escalated(task), ...work(task)],
    'await-transfer': openCase,
    'await-ruling': openCase,
    'await-confirmation': openCase,
    support: openCase,
    overdue: (task) => [...oversee(task.caseId), ...openCase(task)],
    // The unit's supervisor decides (a liaison sees the request and the case); the coordinator once it is overdue.
    'decide-extension': (task) =>
      hasRole('supervisor') || hasRole('coordinator') ? decide(task, (input) => api.case.decideExtension.mutate(input)) : openCase(task),
    'decide-suspension': (task) => decide(task, (input) => api.case.decideSuspension.mutate(input)),
    // The unit's supervisor approves (with a reason) or sends back a record outside the standard; a liaison sees the case.
    'approve-enforcement': (task) => [...(hasRole('supervisor') ? approveEnforcement(task.caseId) : []), ...openCase(task)],
    suspended: (task) => [resume(task), ...openCase(task)],
    reminded: (task) =>
      task.caseState === 'offered'
        ? [{ label: t().actions.claim, run: () => api.case.claim.mutate({ caseId: task.caseId ?? '' }), primary: true }, ...openCase(task)]
        : [
            {
              label: t().actions.progress,
              ask: note(t().actions.progress, t().common.note, (n) => api.case.progress.mutate({ caseId: task.caseId ?? '', note: n })),
            },
            ...openCase(task),
          ],
    'answer-supervision': (task) => [...answerButton(task.caseId), ...openCase(task)],
    'supervision-overdue': (task) => [...oversee(task.caseId), ...openCase(task)],
    'review-suspension': (task) => [
      {
        label: t().deadline.continue,
        ask: {
          ...note(t().deadline.continueTitle, t().common.note, () => Promise.resolve()),
          date: t().deadline.reviewAt,
          run: (n, when) => api.case.continueSuspension.mutate({ caseId: task.caseId ?? '', note: n, reviewAt: isoOf(when) }),
        },
      },
      resume(task),
      ...openCase(task),
    ],
  },
  transfer: {
    'accept-transfer': (task) => [
      { label: t().actions.accept, run: () => api.transfer.accept.mutate({ workflowId: task.workflowId }), primary: true },
      { label: t().actions.reject, ask: reason(t().actions.reject, (r) => api.transfer.reject.mutate({ workflowId: task.workflowId, reason: r })) },
      ...openCase(task),
    ],
    'overdue-transfer': openCase,
  },
  dispute: { statement: openDesk, rule: openDesk },
  joint: {
    cosign: (task) => [
      { label: t().actions.cosign, run: () => api.joint.cosign.mutate({ workflowId: task.workflowId }), primary: true },
      { label: t().actions.decline, ask: reason(t().actions.decline, (r) => api.joint.decline.mutate({ workflowId: task.workflowId, reason: r })) },
      openJoint(task),
    ],
    'report-part': (task) => [
      {
        label: t().actions.reportPart,
        ask: note(t().actions.reportPart, t().joint.reportText, (text) => api.joint.report.mutate({ workflowId: task.workflowId, text })),
      },
      openJoint(task),
    ],
    compile: (task) => [
      {
        label: t().actions.compile,
        ask: note(t().actions.compile, t().joint.summaryText, (summary) => api.joint.compile.mutate({ workflowId: task.workflowId, summary })),
      },
      openJoint(task),
    ],
    'close-cosign': (task) => [
      { label: t().actions.closeCosign, run: () => api.joint.closeCosign.mutate({ workflowId: task.workflowId }), primary: true },
      openJoint(task),
    ],
    'await-cosign': (task) => [openJoint(task)],
    'joint-blocked': (task) => [openJoint(task)],
    'resolve-decline': (task) => [openJoint(task)],
  },
  crosscity: {
    'accept-referral': (task) => [
      { label: t().actions.accept, run: () => api.crossCity.accept.mutate({ workflowId: task.workflowId }), primary: true },
      { label: t().actions.reject, ask: reason(t().actions.reject, (r) => api.crossCity.reject.mutate({ workflowId: task.workflowId, reason: r })) },
      ...openCase(task),
    ],
    'confirm-closure': (task) => [
      { label: t().actions.confirmClosure, run: () => api.crossCity.confirmClosure.mutate({ workflowId: task.workflowId }) },
      ...openCase(task),
    ],
    'border-informed': (task) => [
      { label: t().actions.joinPatrol, run: () => api.crossCity.joinPatrol.mutate({ workflowId: task.workflowId }) },
      { label: t().actions.confirmClosure, run: () => api.crossCity.confirmClosure.mutate({ workflowId: task.workflowId }) },
      ...openCase(task),
    ],
    'rule-city': openDesk,
  },
  harmonisation: {
    concur: (task) => [
      { label: t().actions.concur, run: () => api.harmonisation.concur.mutate({ workflowId: task.workflowId }), primary: true },
      { label: t().actions.object, ask: reason(t().actions.object, (r) => api.harmonisation.object.mutate({ workflowId: task.workflowId, reason: r })) },
      ...openStandards(),
    ],
    revise: openStandards,
    publish: openStandards,
  },
  triage: {
    triage: (task) => [{ label: t().actions.openTriage, href: '/triage' }, ...openCase(task)],
    'overdue-triage': openCase,
  },
  consultation: {
    'answer-consultation': (task) => [
      { label: t().actions.agree, run: () => api.drafts.answer.mutate({ draftId: draftOfTask(task.workflowId), verdict: 'agree', reason: '' }), primary: true },
      {
        label: t().actions.object,
        ask: reason(t().actions.object, (r) => api.drafts.answer.mutate({ draftId: draftOfTask(task.workflowId), verdict: 'object', reason: r })),
      },
      ...openDraft(task),
    ],
    'consultation-overdue': openDraft,
    'acknowledge-matrix': (task) => [
      { label: t().actions.acknowledge, run: () => api.drafts.acknowledge.mutate({ draftId: draftOfTask(task.workflowId) }), primary: true },
      ...openDraft(task),
    ],
  },
  datarequest: {
    // answering with files happens on the case page (its data requests panel)
    'answer-data-request': (task) => [...openCase(task), ...escalated(task)],
    'await-data-request': openCase,
    'data-request-overdue': (task) => [...openCase(task), ...escalated(task)],
    'read-data-answer': (task) => [
      { label: t().actions.acknowledge, run: () => api.registers.close.mutate({ requestId: task.workflowId }), primary: true },
      ...openCase(task),
    ],
  },
};

/** Working a case: start it once claimed, report progress, resolve it once started. */
function work(task: TaskRef): Button[] {
  const a = t().actions;
  const caseId = task.caseId ?? '';
  const buttons: Button[] = [];
  if (task.caseState === 'claimed') buttons.push({ label: a.start, run: () => api.case.start.mutate({ caseId }), primary: true });
  buttons.push({ label: a.progress, ask: note(a.progress, t().common.note, (n) => api.case.progress.mutate({ caseId, note: n })) });
  if (task.caseState !== 'claimed') buttons.push({ label: a.resolve, resolve: caseId });
  const d = t().deadline;
  buttons.push(
    {
      label: d.askExtension,
      ask: {
        ...reason(d.extensionTitle, () => Promise.resolve()),
        date: d.until,
        run: (r, when) => api.case.requestExtension.mutate({ caseId, reason: r, until: isoOf(when) }),
      },
    },
    {
      label: d.askSuspension,
      ask: {
        ...reason(d.suspensionTitle, () => Promise.resolve()),
        date: d.reviewAt,
        run: (r, when) => api.case.requestSuspension.mutate({ caseId, reason: r, reviewAt: isoOf(when) }),
      },
    },
  );
  return [...buttons, ...openCase(task)];
}

/** The buttons a task offers (an action of another kind than the task's, which the server never sends, offers the case). */
function buttonsFor(task: TaskRef): Button[] {
  const forKind: Partial<Record<TaskAction, Buttons>> = BUTTONS[task.kind];
  return (forKind[task.action] ?? openCase)(task);
}

/** A task's actions as buttons; reasons and notes are asked for in a dialog. */
export function TaskActions(props: { task: TaskRef; onDone?: () => void }) {
  return <ButtonRow buttons={buttonsFor(props.task)} task={props.task} onDone={props.onDone} />;
}

/** Buttons of actions; reasons and notes are asked for in a dialog (a transfer needs `task`). */
export function ButtonRow(props: { buttons: Button[]; task?: TaskRef; onDone?: (() => void) | undefined }) {
  const location = useLocation();
  const [asking, setAsking] = createSignal<Ask | null>(null);
  const [assigning, setAssigning] = createSignal<{ caseIds: string[]; unit: string } | null>(null);
  const [transferring, setTransferring] = createSignal(false);
  const [resolving, setResolving] = createSignal<string | null>(null);
  const [text, setText] = createSignal('');
  const [when, setWhen] = createSignal('');
  const done = () => props.onDone?.();
  const { busy, failure, act } = createAction((action: () => Promise<unknown>) => action().then(done));
  const run = (action: () => Promise<unknown>) => act(action);
  const render = (b: Button): JSX.Element => {
    if ('href' in b)
      return (
        <A class="button small secondary" href={b.href}>
          {b.label}
        </A>
      );
    if ('transfer' in b)
      return (
        <button
          type="button"
          class="button small secondary"
          data-action="transfer"
          disabled={b.locked}
          title={b.locked ? t().case.transferLocked : undefined}
          aria-disabled={b.locked}
          onClick={() => setTransferring(true)}
        >
          {b.label}
        </button>
      );
    if ('resolve' in b)
      return (
        <button type="button" class="button small" data-action="resolve" onClick={() => setResolving(b.resolve)}>
          {b.label}
        </button>
      );
    if ('assign' in b)
      return (
        <button type="button" class="button small secondary" onClick={() => setAssigning(b.assign)}>
          {b.label}
        </button>
      );
    if ('ask' in b)
      return (
        <button type="button" class="button small secondary" onClick={() => (setText(''), setWhen(''), setAsking(b.ask))}>
          {b.label}
        </button>
      );
    return (
      <button type="button" class={b.primary ? 'button small' : 'button small secondary'} disabled={busy()} onClick={() => void run(b.run)}>
        {b.label}
      </button>
    );
  };
  return (
    <div class="task-actions">
      {/* no link to the page the user is already on */}
      <For each={props.buttons.filter((b) => !('href' in b) || b.href !== location.pathname)}>{render}</For>
      <Show when={failure()}>
        <ErrorMessage failure={failure()} />
      </Show>
      <Show when={asking()}>
        {(ask) => (
          <Dialog title={ask().title} submitLabel={ask().submit} onSubmit={() => ask().run(text(), when()).then(done)} onClose={() => setAsking(null)}>
            <Show when={ask().date}>
              {(label) => (
                <label>
                  {label()}
                  <input type="datetime-local" required value={when()} onInput={(e) => setWhen(e.currentTarget.value)} />
                </label>
              )}
            </Show>
            <label>
              {ask().label}
              <textarea required maxLength={4000} rows={4} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
            </label>
          </Dialog>
        )}
      </Show>
      <Show when={resolving()}>
        {(caseId) => <ResolveDialog caseId={caseId()} caseNumber={props.task?.caseNumber} onDone={done} onClose={() => setResolving(null)} />}
      </Show>
      <Show when={assigning()}>{(a) => <AssignDialog caseIds={a().caseIds} unit={a().unit} onDone={done} onClose={() => setAssigning(null)} />}</Show>
      <Show when={transferring() && props.task?.caseId}>
        <TransferDialog
          caseId={props.task?.caseId ?? ''}
          holder={props.task?.inbox ?? ''}
          matterCode={props.task?.matterCode ?? null}
          onDone={done}
          onClose={() => setTransferring(false)}
        />
      </Show>
    </div>
  );
}
