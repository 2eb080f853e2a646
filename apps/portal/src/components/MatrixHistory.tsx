import { For, Show, createResource, createSignal } from 'solid-js';
import { actorText } from '../lib/words.ts';
import { fill, formatTime, nameOf, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { departmentName, matterName } from '../lib/reference.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

type Change = Awaited<ReturnType<typeof api.matrix.diff.query>>['changes'][number];
type Field = 'domain' | 'name' | 'lead' | 'supports' | 'tier' | 'legalBasis' | 'keywords' | 'joint' | 'resolution' | 'examples' | 'successor';

/** Every version of the matrix (who, when, why) and a diff between any two of them. */
export default function MatrixHistory(props: { current: number; onView: (version: number) => void }) {
  const [versions] = createResource(() => api.matrix.versions.query());
  const latest = () => Math.max(props.current, ...(versions() ?? []).map((v) => v.version));
  const [from, setFrom] = createSignal<number | null>(null);
  const [to, setTo] = createSignal<number | null>(null);
  const [asked, setAsked] = createSignal<{ from: number; to: number } | null>(null);
  const [diff] = createResource(asked, (q) => api.matrix.diff.query(q));
  const fromValue = () => from() ?? Math.max(1, latest() - 1);
  const toValue = () => to() ?? latest();
  return (
    <section class="card history" aria-labelledby="history-title">
      <h2 id="history-title">{t().history.title}</h2>
      <div class="table-scroll">
        <table class="simple">
          <thead>
            <tr>
              <th scope="col">{t().history.versions}</th>
              <th scope="col">{t().matrix.reason}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            <For each={versions()}>
              {(v) => (
                <tr class={v.version === props.current ? 'current' : ''} data-version={v.version}>
                  <th scope="row">
                    {t().matrix.version} {v.version}
                    <p class="hint">
                      <span data-user={v.createdByName ? '' : undefined}>{actorText(v.createdBy, v.createdByName)}</span> · {formatTime(v.createdAt)}
                    </p>
                  </th>
                  <td data-user>{v.reason}</td>
                  <td>
                    <button type="button" class="button small secondary" disabled={v.version === props.current} onClick={() => props.onView(v.version)}>
                      {t().history.view}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ from: fromValue(), to: toValue() });
        }}
        aria-label={t().history.compare}
      >
        <strong>{t().history.compare}</strong>
        <label>
          {t().history.from}
          <select name="from" value={fromValue()} onChange={(e) => setFrom(Number(e.currentTarget.value))}>
            <For each={versions()}>{(v) => <option value={v.version}>{v.version}</option>}</For>
          </select>
        </label>
        <label>
          {t().history.to}
          <select name="to" value={toValue()} onChange={(e) => setTo(Number(e.currentTarget.value))}>
            <For each={versions()}>{(v) => <option value={v.version}>{v.version}</option>}</For>
          </select>
        </label>
        <button type="submit" class="button small">
          {t().history.show}
        </button>
      </form>
      <Show when={diff.error}>
        <ErrorMessage failure={failureOf(diff.error)} />
      </Show>
      <Show when={diff()}>
        {(d) => (
          <Show when={d().changes.length > 0} fallback={<p class="muted">{t().history.noChanges}</p>}>
            <table class="simple diff" data-testid="matrix-diff">
              <thead>
                <tr>
                  <th scope="col">{t().matter.code}</th>
                  <th scope="col" />
                  <th scope="col">{t().history.before}</th>
                  <th scope="col">{t().history.after}</th>
                </tr>
              </thead>
              <tbody>
                <For each={d().changes}>{(c) => <DiffRows change={c} />}</For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </section>
  );
}

/** Fields whose values are text people wrote in the matrix (in Chinese whatever the UI's language). */
const AUTHORED: ReadonlySet<Field> = new Set(['legalBasis', 'keywords', 'examples']);

function show(field: Field, value: unknown): string {
  if (field === 'lead') return departmentName(String(value));
  if (field === 'supports') return (value as string[]).map(departmentName).join('、') || '—';
  if (field === 'name') return nameOf(value as { zh: string; en: string });
  if (field === 'tier') return t().tier[value as 'simple'];
  if (field === 'keywords') return (value as string[]).join('、');
  if (field === 'joint') return value ? '✓' : '—';
  if (field === 'resolution') {
    const limit = value as { amount: number; unit: 'workingHours' | 'workingDays' };
    return fill(t().deadline.limitValue[limit.unit], { n: limit.amount });
  }
  if (field === 'successor') return value ? matterName(String(value)) : '—';
  if (field === 'examples') return ((value as string[] | undefined) ?? []).map((e) => `“${e}”`).join(' ') || '—';
  return String(value);
}

/** One matter's change as rows of a diff table (also the draft page's). */
export function DiffRows(props: { change: Change }) {
  const c = props.change;
  if (c.change === 'added')
    return (
      <tr class="added">
        <th scope="row">{c.code}</th>
        <td>
          <span class="badge support">{t().history.added}</span>
        </td>
        <td>—</td>
        <td>
          {nameOf(c.after.name)} · {t().matrix.lead}: {departmentName(c.after.lead)}
        </td>
      </tr>
    );
  if (c.change === 'removed')
    return (
      <tr class="removed">
        <th scope="row">{c.code}</th>
        <td>
          <span class="badge conflict-badge">{t().history.removed}</span>
        </td>
        <td>{nameOf(c.before.name)}</td>
        <td>—</td>
      </tr>
    );
  return (
    <For each={c.fields as Field[]}>
      {(field, i) => (
        <tr class="changed" data-matter={c.code} data-field={field}>
          <th scope="row">{i() === 0 ? `${c.code} ${nameOf(c.after.name)}` : ''}</th>
          <td>
            <span class="badge warn">{t().history.fields[field]}</span>
          </td>
          <td class="before" data-user={AUTHORED.has(field) ? '' : undefined}>
            {show(field, c.before[field])}
          </td>
          <td class="after" data-user={AUTHORED.has(field) ? '' : undefined}>
            {show(field, c.after[field])}
          </td>
        </tr>
      )}
    </For>
  );
}
