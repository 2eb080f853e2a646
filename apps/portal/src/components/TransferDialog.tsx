import { For, Show, createMemo, createResource, createSignal } from 'solid-js';
import { legalBasisText } from '../lib/words.ts';
import { t } from '../i18n/index.ts';
import { departmentName, grid, matterName, matterOf } from '../lib/reference.ts';
import { api } from '../lib/trpc.ts';
import { nameOf } from '../i18n/index.ts';
import { Dialog } from './Dialog.tsx';

/**
 * Transfer (转办): the picker lists the matrix clauses another department leads, the case's own
 * domain first; choosing one names the target and shows the clause's legal basis.
 */
export function TransferDialog(props: { caseId: string; holder: string; matterCode: string | null; onDone: () => void; onClose: () => void }) {
  const [cited, setCited] = createSignal('');
  const [reason, setReason] = createSignal('');
  const myDepartment = () => props.holder.split(':')[1];
  const domain = () => matterOf(props.matterCode)?.domain;
  const options = createMemo(() =>
    (grid()?.matters ?? [])
      .filter((m) => m.lead !== myDepartment())
      .sort((a, b) => Number(b.domain === domain()) - Number(a.domain === domain()) || a.code.localeCompare(b.code)),
  );
  const [clause] = createResource(cited, (code) => (code ? api.matrix.matter.query({ code }) : undefined));
  const target = () => matterOf(cited())?.lead;
  return (
    <Dialog
      title={t().transfer.title}
      submitLabel={t().transfer.submit}
      onSubmit={async () => {
        const to = target();
        // The clause is required: without one the form is not submitted.
        if (!to) return;
        await api.case.transfer.mutate({ caseId: props.caseId, to, citedMatter: cited(), reason: reason() });
        props.onDone();
      }}
      onClose={props.onClose}
    >
      <p class="hint">{t().transfer.hint}</p>
      <label>
        {t().transfer.clause}
        <select required value={cited()} onChange={(e) => setCited(e.currentTarget.value)} name="clause">
          <option value="">{t().transfer.choose}</option>
          <For each={options()}>
            {(m) => (
              <option value={m.code}>
                {m.code} {nameOf(m.name)} — {t().matrix.lead}: {departmentName(m.lead)}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={target()}>
        {(to) => (
          <div class="clause" aria-live="polite">
            <p>
              <strong>{t().transfer.target}:</strong> {departmentName(to())}
            </p>
            <p>
              <strong>{matterName(cited())}</strong>
            </p>
            <Show when={clause()}>
              {(c) => (
                <p class="hint">
                  {t().matter.legalBasis}: {legalBasisText(c().legalBasis)}
                </p>
              )}
            </Show>
          </div>
        )}
      </Show>
      <label>
        {t().transfer.reason}
        <textarea required maxLength={2000} rows={3} name="reason" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
    </Dialog>
  );
}
