import { A } from '@solidjs/router';
import { For, Show, createResource, createSignal } from 'solid-js';
import { fill, nameOf, t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { matterName, reference, unitName } from '../lib/reference.ts';
import { principal } from '../lib/session.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { MatterOptions } from '../components/MatterOptions.tsx';
import { SuggestionWhy } from '../components/SuggestionWhy.tsx';
import { inboxLabels } from './Inbox.tsx';

type Result = Awaited<ReturnType<typeof api.case.intake.mutate>>;
const SOURCES = ['hotline', 'app', 'patrol', 'sensor'] as const;

/** An operator takes a complaint: live matter suggestions from the text, then the common intake. */
export default function Intake() {
  const [description, setDescription] = createSignal('');
  const [matter, setMatter] = createSignal('');
  const [address, setAddress] = createSignal('');
  const [lon, setLon] = createSignal('');
  const [lat, setLat] = createSignal('');
  const [reportedIn, setReportedIn] = createSignal(principal()?.memberships[0]?.cityAdcode ?? '510100');
  const [source, setSource] = createSignal<(typeof SOURCES)[number]>('hotline');
  const [name, setName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [result, setResult] = createSignal<Result | null>(null);

  // Suggestions follow the text, half a second after typing stops.
  const [settled, setSettled] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onText = (text: string) => {
    setDescription(text);
    clearTimeout(timer);
    timer = setTimeout(() => setSettled(text.trim()), 500);
  };
  const [suggested] = createResource(
    () => (settled().length >= 4 ? settled() : null),
    (text) => api.case.suggest.query({ text }),
  );
  const suggestions = () => suggested()?.suggestions ?? [];

  const { busy, failure, act } = createAction(async () => {
    const coords = lon().trim() && lat().trim() ? { lon: Number(lon()), lat: Number(lat()) } : {};
    setResult(
      await api.case.intake.mutate({
        description: description(),
        ...(matter() ? { matter: matter() } : {}),
        ...(address().trim() ? { address: address().trim() } : {}),
        ...coords,
        reportedIn: reportedIn(),
        source: source(),
        ...(name().trim() ? { reporterName: name().trim() } : {}),
        ...(phone().trim() ? { reporterPhone: phone().trim() } : {}),
      }),
    );
  });

  function submit(event: SubmitEvent) {
    event.preventDefault();
    void act();
  }

  return (
    <section aria-labelledby="intake-title" class="intake-page">
      <h1 id="intake-title">{t().intake.title}</h1>
      <p class="intro">{t().intake.intro}</p>
      <div class="route-layout">
        <form class="card form" onSubmit={submit}>
          <label>
            {t().intake.description}
            <textarea name="description" required rows={4} maxLength={4000} value={description()} onInput={(e) => onText(e.currentTarget.value)} />
          </label>
          <Show when={suggestions().length > 0}>
            <p class="hint" aria-live="polite" data-testid="suggestions">
              {t().intake.suggestions}:{' '}
              <For each={suggestions()}>
                {(s) => (
                  <button
                    type="button"
                    class={`chip${matter() === s.matterCode ? ' selected' : ''}`}
                    aria-pressed={matter() === s.matterCode}
                    onClick={() => setMatter(s.matterCode)}
                  >
                    {matterName(s.matterCode)} {fill(t().triage.confidence, { pct: Math.round(s.confidence * 100) })}
                  </button>
                )}
              </For>
            </p>
            <SuggestionWhy matterCode={suggestions()[0]?.matterCode} why={suggested()?.explanation} />
          </Show>
          <label>
            {t().intake.matter}
            <select name="matter" value={matter()} onChange={(e) => setMatter(e.currentTarget.value)}>
              <option value="">{t().intake.auto}</option>
              <MatterOptions selected={matter()} />
            </select>
          </label>
          <label>
            {t().intake.address}
            <input name="address" maxLength={500} value={address()} onInput={(e) => setAddress(e.currentTarget.value)} />
          </label>
          <div class="row">
            <label>
              {t().intake.lon}
              <input name="lon" inputMode="decimal" value={lon()} onInput={(e) => setLon(e.currentTarget.value)} />
            </label>
            <label>
              {t().intake.lat}
              <input name="lat" inputMode="decimal" value={lat()} onInput={(e) => setLat(e.currentTarget.value)} />
            </label>
          </div>
          <div class="row">
            <label>
              {t().intake.reportedIn}
              <select name="reportedIn" value={reportedIn()} onChange={(e) => setReportedIn(e.currentTarget.value)}>
                <For each={reference()?.cities}>{(c) => <option value={c.adcode}>{nameOf(c.name)}</option>}</For>
              </select>
            </label>
            <label>
              {t().intake.source}
              <select name="source" value={source()} onChange={(e) => setSource(e.currentTarget.value as (typeof SOURCES)[number])}>
                <For each={SOURCES}>{(s) => <option value={s}>{t().case.sources[s]}</option>}</For>
              </select>
            </label>
          </div>
          <div class="row">
            <label>
              {t().intake.reporterName}
              <input name="reporterName" maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
            </label>
            <label>
              {t().intake.reporterPhone}
              <input name="reporterPhone" inputMode="tel" maxLength={20} value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} />
            </label>
          </div>
          <ErrorMessage failure={failure()} />
          <button type="submit" class="button" disabled={busy()}>
            {t().intake.submit}
          </button>
        </form>
        <Show when={result()}>
          {(r) => (
            <article class="card" aria-labelledby="intake-done" data-testid="intake-result">
              <h2 id="intake-done">{t().intake.done}</h2>
              <p class="big">{fill(t().intake.number, { number: r().number })}</p>
              <p>
                <strong>{fill(t().intake.code, { code: r().publicCode })}</strong>
              </p>
              <Show when={r().route} fallback={<p>{t().intake.triaged}</p>}>
                {(route) => <p>{fill(t().intake.routedTo, { unit: unitName(route().lead.id, inboxLabels()) })}</p>}
              </Show>
              <Show when={r().route}>{(route) => <p class="hint">{matterName(route().matter.code)}</p>}</Show>
              <Show when={r().repeatOf}>
                <p class="badge repeat">{t().repeats.list}</p>
              </Show>
              <A class="button small secondary" href={`/cases/${r().caseId}`}>
                {t().intake.open}
              </A>
            </article>
          )}
        </Show>
      </div>
    </section>
  );
}
