import { A, useLocation } from '@solidjs/router';
import { For, Show, createSignal, type JSX } from 'solid-js';
import type { CaseStatus, TaskAction, TaskActionOf, WorkflowKind } from '@gongzhi/domain';
import { t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { TransferDialog } from './TransferDialog.tsx';

/** What a row of an inbox (or a case page) knows about a task. */
export interface TaskRef {
  kind: WorkflowKind;
  workflowId: string;
  caseId: string | null;
  action: TaskAction;
  inbox: string;
  matterCode: string | null;
  caseState?: CaseStatus | null;
  transferLocked?: boolean;
}

type Ask = { title: string; label: string; submit: string; run: (text: string) => Promise<unknown> };
type Button =
  | { label: string; run: () => Promise<unknown>; primary?: boolean }
  | { label: string; ask: Ask }
  | { label: string; transfer: true; locked: boolean }
  | { label: string; href: string };

const reason = (title: string, run: (reason: string) => Promise<unknown>): Ask => ({ title, label: t().common.reason, submit: t().common.submit, run });
const note = (title: string, label: string, run: (text: string) => Promise<unknown>): Ask => ({ title, label, submit: t().common.submit, run });
const openCase = (task: TaskRef): Button[] => (task.caseId ? [{ label: t().actions.openCase, href: `/cases/${task.caseId}` }] : []);
const openJoint = (task: TaskRef): Button => ({ label: t().actions.openJoint, href: `/cases/${task.caseId ?? ''}/joint/${task.workflowId}` });
const openDesk = (task: TaskRef): Button[] => [{ label: t().actions.openDesk, href: '/disputes' }, ...openCase(task)];
const openStandards = (): Button[] => [{ label: t().nav.standards, href: '/standards' }];

type Buttons = (task: TaskRef) => Button[];

/**
 * The buttons each task offers, for every workflow kind and every action its tasks can ask for:
 * a task action added in the domain fails to compile here until it has its buttons.
 */
const BUTTONS: { [K in WorkflowKind]: Record<TaskActionOf<K>, Buttons> } = {
  case: {
    claim: (task) => [
      { label: t().actions.claim, run: () => api.case.claim.mutate({ caseId: task.caseId ?? '' }), primary: true },
      { label: t().actions.transfer, transfer: true, locked: task.transferLocked === true },
      ...openCase(task),
    ],
    work: (task) => work(task),
    'work-supervised': (task) => work(task),
    'await-transfer': openCase,
    'await-ruling': openCase,
    'await-confirmation': openCase,
    support: openCase,
    overdue: openCase,
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
};

/** Working a case: start it once claimed, report progress, resolve it once started. */
function work(task: TaskRef): Button[] {
  const a = t().actions;
  const caseId = task.caseId ?? '';
  const buttons: Button[] = [];
  if (task.caseState === 'claimed') buttons.push({ label: a.start, run: () => api.case.start.mutate({ caseId }), primary: true });
  buttons.push({ label: a.progress, ask: note(a.progress, t().common.note, (n) => api.case.progress.mutate({ caseId, note: n })) });
  if (task.caseState !== 'claimed')
    buttons.push({ label: a.resolve, ask: note(a.resolve, t().case.resolution, (n) => api.case.resolve.mutate({ caseId, note: n })) });
  return [...buttons, ...openCase(task)];
}

/** The buttons a task offers (an action of another kind than the task's, which the server never sends, offers the case). */
function buttonsFor(task: TaskRef): Button[] {
  const forKind: Partial<Record<TaskAction, Buttons>> = BUTTONS[task.kind];
  return (forKind[task.action] ?? openCase)(task);
}

/** A task's actions as buttons; reasons and notes are asked for in a dialog. */
export function TaskActions(props: { task: TaskRef; onDone?: () => void }) {
  const location = useLocation();
  const [asking, setAsking] = createSignal<Ask | null>(null);
  const [transferring, setTransferring] = createSignal(false);
  const [text, setText] = createSignal('');
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
    if ('ask' in b)
      return (
        <button type="button" class="button small secondary" onClick={() => (setText(''), setAsking(b.ask))}>
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
      <For each={buttonsFor(props.task).filter((b) => !('href' in b) || b.href !== location.pathname)}>{render}</For>
      <Show when={failure()}>
        <ErrorMessage failure={failure()} />
      </Show>
      <Show when={asking()}>
        {(ask) => (
          <Dialog title={ask().title} submitLabel={ask().submit} onSubmit={() => ask().run(text()).then(done)} onClose={() => setAsking(null)}>
            <label>
              {ask().label}
              <textarea required maxLength={4000} rows={4} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
            </label>
          </Dialog>
        )}
      </Show>
      <Show when={transferring() && props.task.caseId}>
        <TransferDialog
          caseId={props.task.caseId ?? ''}
          holder={props.task.inbox}
          matterCode={props.task.matterCode}
          onDone={done}
          onClose={() => setTransferring(false)}
        />
      </Show>
    </div>
  );
}
