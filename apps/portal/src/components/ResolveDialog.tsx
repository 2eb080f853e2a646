import { For, Show, createMemo, createResource, createSignal, onCleanup } from 'solid-js';
import { MEASURES, SEVERITIES, checkEnforcement, type Deviation, type Measure, type Severity } from '@gongzhi/domain/enforcement';
import { fill, t } from '../i18n/index.ts';
import { api, Refusal } from '../lib/trpc.ts';
import { outbox } from '../lib/outbox-browser.ts';
import { ResolutionAlreadyQueued } from '../lib/outbox.ts';
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
 * Large controls, one column: usable one-handed on a phone. The before/after photos are taken here
 * (the phone's camera opens) and go with the resolution through the outbox: sent at once when online,
 * kept on the phone and sent when the connection returns otherwise, never twice.
 */
export function ResolveDialog(props: { caseId: string; caseNumber?: number | null | undefined; onDone: () => void; onClose: () => void }) {
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
  type Chosen = { id: string; step: 'before' | 'after'; file: File; url: string };
  const [photos, setPhotos] = createSignal<Chosen[]>([]);
  const choose = (step: 'before' | 'after', input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    setPhotos((p) => [...p, ...files.map((file) => ({ id: crypto.randomUUID(), step, file, url: URL.createObjectURL(file) }))]);
    input.value = '';
  };
  const drop = (id: string) => setPhotos((p) => p.filter((x) => x.id !== id));
  onCleanup(() => photos().forEach((p) => URL.revokeObjectURL(p.url)));

  async function submit() {
    const item = await outbox
      .add({
        caseId: props.caseId,
        caseNumber: props.caseNumber ?? 0,
        note: note(),
        enforcement: required() ? record() : undefined,
        photos: photos().map((p) => ({ id: p.id, step: p.step, name: p.file.name || `${p.step}.jpg`, type: p.file.type, blob: p.file })),
      })
      .catch((e: unknown) => {
        if (e instanceof ResolutionAlreadyQueued) throw new Refusal({ reason: 'RESOLUTION_QUEUED', params: { number: e.caseNumber } });
        throw e;
      });
    await outbox.flush();
    const now = (await outbox.items()).find((i) => i.key === item.key);
    if (now?.state === 'failed') {
      // refused: the officer corrects the form and sends again (the photos already stored keep their ids)
      await outbox.discard(item.key);
      throw new Refusal({ reason: now.reason ?? 'generic', params: now.params });
    }
    // sent, or kept on the phone until the connection returns (the page shows which)
    props.onDone();
  }

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
    <Dialog title={e().resolveTitle} submitLabel={t().common.submit} onSubmit={submit} onClose={props.onClose}>
      <label>
        {t().case.resolution}
        <textarea required maxLength={4000} rows={3} value={note()} onInput={(ev) => setNote(ev.currentTarget.value)} />
      </label>
      <fieldset class="resolve-photos" data-testid="resolve-photos">
        <legend>{t().field.photos}</legend>
        <p class="hint">{t().field.photosHint}</p>
        <div class="photo-pickers">
          <For each={['before', 'after'] as const}>
            {(step) => (
              <label class="button secondary file-button">
                {step === 'before' ? t().field.before : t().field.after}
                <input
                  type="file"
                  name={`photo-${step}`}
                  class="sr-only"
                  accept="image/*"
                  capture="environment"
                  multiple
                  onChange={(ev) => choose(step, ev.currentTarget)}
                />
              </label>
            )}
          </For>
        </div>
        <Show when={photos().length > 0}>
          <ul class="plain chosen-photos">
            <For each={photos()}>
              {(p) => (
                <li data-step={p.step}>
                  <img src={p.url} alt={fill(t().attachments.alt, { step: t().attachments.steps[p.step] })} />
                  <span class="badge">{t().attachments.steps[p.step]}</span>
                  <button type="button" class="button secondary" onClick={() => drop(p.id)}>
                    {t().field.remove}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </fieldset>
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
