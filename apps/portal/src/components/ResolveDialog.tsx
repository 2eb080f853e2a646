import { For, Show, createMemo, createResource, createSignal } from 'solid-js';
import { MEASURES, SEVERITIES, checkEnforcement, type Deviation, type Measure, type Severity } from '@gongzhi/domain/enforcement';
import { fill, t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';
import { valueOf } from '../lib/resource.ts';
import { Dialog } from './Dialog.tsx';

/** A deviation from the discretion standard in words. */
export function deviationText(d: Deviation): string {
  const e = t().enforcement;
  if (d.kind === 'measure-forbidden') return fill(e.deviations[d.kind], { measure: e.measures[d.measure] });
  if (d.kind === 'first-offence-fined') return e.deviations[d.kind];
  return fill(e.deviations[d.kind], { amount: d.amount, min: d.min, max: d.max });
}

/**
 * Resolving a case (办结): the result, and for an enforcement matter the enforcement record, checked
 * against the city's standard in force on the case's date as it is typed (the server checks again).
 * Large controls, one column: usable one-handed on a phone.
 */
export function ResolveDialog(props: { caseId: string; onDone: () => void; onClose: () => void }) {
  const e = () => t().enforcement;
  const [info] = createResource(
    () => props.caseId,
    (caseId) => api.enforcement.forCase.query({ caseId }),
  );
  const required = () => valueOf(info)?.required === true;
  const [note, setNote] = createSignal('');
  const [measure, setMeasure] = createSignal<Measure>('persuasion');
  const [fine, setFine] = createSignal('');
  const [items, setItems] = createSignal('');
  const [severity, setSeverity] = createSignal<Severity>('minor');
  const [first, setFirst] = createSignal(true);
  const [business, setBusiness] = createSignal(true);
  const [name, setName] = createSignal('');
  const [code, setCode] = createSignal('');

  const record = () => ({
    measure: measure(),
    fineAmount: measure() === 'fine' && fine() !== '' ? Number(fine()) : null,
    detainedItems:
      measure() === 'detain'
        ? items()
            .split('\n')
            .map((i) => i.trim())
            .filter(Boolean)
        : [],
    severity: severity(),
    firstOffence: first(),
    subject: business()
      ? { kind: 'business' as const, name: name().trim(), creditCode: code().trim() === '' ? null : code().trim().toUpperCase() }
      : { kind: 'person' as const, name: name().trim() },
  });
  const standard = () => valueOf(info)?.standard ?? null;
  const check = createMemo(() => {
    const i = valueOf(info);
    const s = i?.standard;
    if (!i?.required || !s) return null;
    return checkEnforcement({ ...record(), cityAdcode: s.cityAdcode, matterCode: s.matterCode, caseDate: i.caseDate }, [s]);
  });
  const range = () => {
    const fines = standard()?.fines;
    if (!fines) return e().noFines;
    const [min, max] = fines[severity()];
    return fill(e().range, { severity: e().severities[severity()], min, max });
  };

  return (
    <Dialog
      title={e().resolveTitle}
      submitLabel={t().common.submit}
      onSubmit={() => api.case.resolve.mutate({ caseId: props.caseId, note: note(), enforcement: required() ? record() : undefined }).then(props.onDone)}
      onClose={props.onClose}
    >
      <label>
        {t().case.resolution}
        <textarea required maxLength={4000} rows={3} value={note()} onInput={(ev) => setNote(ev.currentTarget.value)} />
      </label>
      <Show when={required()}>
        <fieldset class="enforcement-form" data-testid="enforcement-form">
          <legend>{e().title}</legend>
          <p class="hint">{fill(e().required, { date: valueOf(info)?.caseDate ?? '' })}</p>
          <label>
            {e().measure}
            <select name="measure" value={measure()} onChange={(ev) => setMeasure(ev.currentTarget.value as Measure)}>
              <For each={MEASURES}>{(m) => <option value={m}>{e().measures[m]}</option>}</For>
            </select>
          </label>
          <Show when={measure() === 'fine'}>
            <label>
              {e().fineAmount}
              <input
                type="number"
                name="fineAmount"
                inputmode="numeric"
                min="1"
                step="1"
                required
                value={fine()}
                onInput={(ev) => setFine(ev.currentTarget.value)}
              />
            </label>
          </Show>
          <Show when={measure() === 'detain'}>
            <label>
              {e().detainedItems}
              <textarea name="detainedItems" required rows={2} maxLength={2000} value={items()} onInput={(ev) => setItems(ev.currentTarget.value)} />
            </label>
          </Show>
          <label>
            {e().severity}
            <select name="severity" value={severity()} onChange={(ev) => setSeverity(ev.currentTarget.value as Severity)}>
              <For each={SEVERITIES}>{(s) => <option value={s}>{e().severities[s]}</option>}</For>
            </select>
          </label>
          <label class="inline">
            <input type="checkbox" name="firstOffence" checked={first()} onChange={(ev) => setFirst(ev.currentTarget.checked)} />
            {e().firstOffence}
          </label>
          <p class="hint" data-testid="enforcement-range">
            {range()}
            <Show when={standard()?.firstOffenceNoPenalty}>
              <br />
              {e().leniency}
            </Show>
          </p>
          <fieldset>
            <legend>{e().subject}</legend>
            <label class="inline">
              <input type="radio" name="subjectKind" checked={business()} onChange={() => setBusiness(true)} />
              {e().business}
            </label>
            <label class="inline">
              <input type="radio" name="subjectKind" checked={!business()} onChange={() => setBusiness(false)} />
              {e().person}
            </label>
          </fieldset>
          <label>
            {e().subjectName}
            <input name="subjectName" required maxLength={200} value={name()} onInput={(ev) => setName(ev.currentTarget.value)} />
          </label>
          <Show when={business()}>
            <label>
              {e().creditCode}
              <input
                name="creditCode"
                maxLength={18}
                autocapitalize="characters"
                autocomplete="off"
                value={code()}
                onInput={(ev) => setCode(ev.currentTarget.value)}
              />
            </label>
          </Show>
          <Show when={check()}>
            {(c) => (
              <Show
                when={c().deviations.length > 0}
                fallback={
                  <p class="enforcement-check" data-testid="enforcement-check">
                    {e().compliant}
                  </p>
                }
              >
                <div class="enforcement-check deviates" role="status" data-testid="enforcement-check">
                  <ul class="plain">
                    <For each={c().deviations}>{(d) => <li>{deviationText(d)}</li>}</For>
                  </ul>
                  <p>{e().needsApproval}</p>
                </div>
              </Show>
            )}
          </Show>
        </fieldset>
      </Show>
    </Dialog>
  );
}
