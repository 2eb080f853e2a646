import { For, createResource, createSignal } from 'solid-js';
import { fill, t } from '../i18n/index.ts';
import { api, Refusal } from '../lib/trpc.ts';
import { Dialog } from './Dialog.tsx';

/** Assigns cases of a unit to a named person of it (chosen by display name from the unit's team). */
export function AssignDialog(props: { caseIds: string[]; unit: string; onDone: () => void; onClose: () => void }) {
  const [team] = createResource(
    () => props.unit,
    (unit) => api.case.team.query({ unit }),
  );
  const people = () => (team()?.team ?? []).filter((m) => m.username !== null);
  const [to, setTo] = createSignal('');
  return (
    <Dialog
      title={t().supervision.assignTitle}
      submitLabel={t().supervision.assign.replace(/…$/, '')}
      onSubmit={async () => {
        const result = await api.case.assign.mutate({ caseIds: props.caseIds, to: to() });
        props.onDone();
        const refused = result.refused[0];
        if (refused) throw new Refusal({ reason: refused.reason, params: {} });
      }}
      onClose={props.onClose}
    >
      <p class="hint">{fill(t().team.selected, { n: props.caseIds.length })}</p>
      <label>
        {t().supervision.assignTo}
        <select required name="assignee" value={to()} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="">{t().team.choosePerson}</option>
          <For each={people()}>
            {(m) => (
              <option value={m.username ?? ''} data-user>
                {m.displayName} · {fill(t().team.held, { n: m.cases.length })}
              </option>
            )}
          </For>
        </select>
      </label>
    </Dialog>
  );
}
