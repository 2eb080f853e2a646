import { A, useLocation } from '@solidjs/router';
import { For, Show, createSignal, type JSX } from 'solid-js';
import { t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { TransferDialog } from './TransferDialog.tsx';

/** What a row of an inbox (or a case page) knows about a task. */
export interface TaskRef {
  kind: string;
  workflowId: string;
  caseId: string | null;
  action: string;
  inbox: string;
  matterCode: string | null;
  caseState?: string | null;
  transferLocked?: boolean;
}

type Ask = { title: string; label: string; submit: string; run: (text: string) => Promise<unknown> };
type Button =
  | { label: string; run: () => Promise<unknown>; primary?: boolean }
  | { label: string; ask: Ask }
  | { label: string; transfer: true; locked: boolean }
  | { label: string; href: string };

/** The buttons a task offers, by workflow kind and the action the inbox owner is expected to take. */
function buttonsFor(task: TaskRef): Button[] {
  const a = t().actions;
  const caseId = task.caseId ?? '';
  const workflowId = task.workflowId;
  const reason = (title: string, run: (reason: string) => Promise<unknown>): Ask => ({ title, label: t().common.reason, submit: t().common.submit, run });
  const note = (title: string, label: string, run: (text: string) => Promise<unknown>): Ask => ({ title, label, submit: t().common.submit, run });
  const openCase: Button[] = task.caseId ? [{ label: a.openCase, href: `/cases/${task.caseId}` }] : [];
  switch (`${task.kind}:${task.action}`) {
    case 'case:claim':
      return [
        { label: a.claim, run: () => api.case.claim.mutate({ caseId }), primary: true },
        { label: a.transfer, transfer: true, locked: task.transferLocked === true },
        ...openCase,
      ];
    case 'case:work':
    case 'case:work-supervised': {
      const work: Button[] = [];
      if (task.caseState === 'claimed') work.push({ label: a.start, run: () => api.case.start.mutate({ caseId }), primary: true });
      work.push({ label: a.progress, ask: note(a.progress, t().common.note, (n) => api.case.progress.mutate({ caseId, note: n })) });
      if (task.caseState !== 'claimed')
        work.push({ label: a.resolve, ask: note(a.resolve, t().case.resolution, (n) => api.case.resolve.mutate({ caseId, note: n })) });
      return [...work, ...openCase];
    }
    case 'transfer:accept-transfer':
      return [
        { label: a.accept, run: () => api.transfer.accept.mutate({ workflowId }), primary: true },
        { label: a.reject, ask: reason(a.reject, (r) => api.transfer.reject.mutate({ workflowId, reason: r })) },
        ...openCase,
      ];
    case 'joint:cosign':
      return [
        { label: a.cosign, run: () => api.joint.cosign.mutate({ workflowId }), primary: true },
        { label: a.decline, ask: reason(a.decline, (r) => api.joint.decline.mutate({ workflowId, reason: r })) },
        { label: a.openJoint, href: `/cases/${caseId}/joint/${workflowId}` },
      ];
    case 'joint:report-part':
      return [
        { label: a.reportPart, ask: note(a.reportPart, t().joint.reportText, (text) => api.joint.report.mutate({ workflowId, text })) },
        { label: a.openJoint, href: `/cases/${caseId}/joint/${workflowId}` },
      ];
    case 'joint:compile':
      return [
        { label: a.compile, ask: note(a.compile, t().joint.summaryText, (summary) => api.joint.compile.mutate({ workflowId, summary })) },
        { label: a.openJoint, href: `/cases/${caseId}/joint/${workflowId}` },
      ];
    case 'joint:close-cosign':
      return [
        { label: a.closeCosign, run: () => api.joint.closeCosign.mutate({ workflowId }), primary: true },
        { label: a.openJoint, href: `/cases/${caseId}/joint/${workflowId}` },
      ];
    case 'joint:await-cosign':
    case 'joint:joint-blocked':
    case 'joint:resolve-decline':
      return [{ label: a.openJoint, href: `/cases/${caseId}/joint/${workflowId}` }];
    case 'crosscity:accept-referral':
      return [
        { label: a.accept, run: () => api.crossCity.accept.mutate({ workflowId }), primary: true },
        { label: a.reject, ask: reason(a.reject, (r) => api.crossCity.reject.mutate({ workflowId, reason: r })) },
        ...openCase,
      ];
    case 'crosscity:confirm-closure':
      return [{ label: a.confirmClosure, run: () => api.crossCity.confirmClosure.mutate({ workflowId }) }, ...openCase];
    case 'crosscity:border-informed':
      return [
        { label: a.joinPatrol, run: () => api.crossCity.joinPatrol.mutate({ workflowId }) },
        { label: a.confirmClosure, run: () => api.crossCity.confirmClosure.mutate({ workflowId }) },
        ...openCase,
      ];
    case 'harmonisation:concur':
      return [
        { label: a.concur, run: () => api.harmonisation.concur.mutate({ workflowId }), primary: true },
        { label: a.object, ask: reason(a.object, (r) => api.harmonisation.object.mutate({ workflowId, reason: r })) },
        { label: t().nav.standards, href: '/standards' },
      ];
    case 'harmonisation:revise':
    case 'harmonisation:publish':
      return [{ label: t().nav.standards, href: '/standards' }];
    case 'dispute:statement':
    case 'dispute:rule':
    case 'crosscity:rule-city':
      return [{ label: a.openDesk, href: '/disputes' }, ...openCase];
    case 'triage:triage':
      return [{ label: a.openTriage, href: '/triage' }, ...openCase];
    default:
      return openCase;
  }
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
          caseId={props.task.caseId!}
          holder={props.task.inbox}
          matterCode={props.task.matterCode}
          onDone={done}
          onClose={() => setTransferring(false)}
        />
      </Show>
    </div>
  );
}
