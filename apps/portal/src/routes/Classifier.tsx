import { A } from '@solidjs/router';
import { For, Show, createResource } from 'solid-js';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { valueOf } from '../lib/resource.ts';
import { matterName } from '../lib/reference.ts';
import { hasRole } from '../lib/session.ts';
import { actorText } from '../lib/words.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { CORRECTION_SOURCES } from '@gongzhi/domain/corrections';

type Status = Awaited<ReturnType<typeof api.classifier.status.query>>;
type Figures = Status['versions'][number]['test'];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Who asked for a version: the schedule, the command line, a matrix amendment, or a person by name. */
function trainer(by: string, name: string | null): string {
  const words: Partial<Record<string, string>> = { schedule: t().classifier.bySchedule, cli: t().classifier.byCli, matrix: t().classifier.byMatrix };
  return words[by] ?? actorText(by, name);
}

/**
 * The matter classifier for leadership: the model in use and its figures on the labelled test set,
 * earlier versions, the matters whose accuracy moved with the newest one, the corrections it learns
 * from, and retraining on demand.
 */
export default function Classifier() {
  const [status, { refetch }] = createResource(() => api.classifier.status.query());
  const data = () => valueOf(status);
  const { busy, failure, act } = createAction(() => api.classifier.retrain.mutate().then(() => refetch()));
  return (
    <section aria-labelledby="classifier-title">
      <h1 id="classifier-title">{t().classifier.title}</h1>
      <p class="intro">{t().classifier.intro}</p>
      <Show when={status.error}>
        <ErrorMessage failure={failureOf(status.error)} />
      </Show>
      <Show when={data()}>
        {(s) => (
          <>
            <div class="card">
              <div class="page-head">
                <h2>{s().inUse === null ? t().classifier.inUseShipped : fill(t().classifier.inUseVersion, { version: s().inUse ?? '' })}</h2>
                <Show when={hasRole('leadership') || hasRole('admin')}>
                  <button type="button" class="button small" disabled={busy() || s().training !== null} onClick={() => void act()}>
                    {busy() || s().training ? t().classifier.training : t().classifier.retrain}
                  </button>
                </Show>
              </div>
              <p class="hint">{fill(t().classifier.threshold, { pct: pct(s().threshold ?? 0) })}</p>
              <ErrorMessage failure={failure()} />
              <div class="table-scroll">
                <table class="simple" data-testid="versions">
                  <thead>
                    <tr>
                      <th>{t().classifier.version}</th>
                      <th>{t().classifier.trainedAt}</th>
                      <th>{t().classifier.top1}</th>
                      <th>{t().classifier.top3}</th>
                      <th>{t().classifier.hard}</th>
                      <th>{t().classifier.precision}</th>
                      <th>{t().classifier.coverage}</th>
                      <th>{t().classifier.ece}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={s().versions}>
                      {(v) => (
                        <FigureRow
                          label={fill(t().classifier.versionN, { version: v.version })}
                          at={`${formatTime(v.trainedAt)} · ${trainer(v.trainedBy, v.trainedByName)}`}
                          f={v.test}
                        />
                      )}
                    </For>
                    <Show when={s().shipped}>
                      {(shipped) => <FigureRow label={t().classifier.shipped} at={formatTime(shipped().trainedAt)} f={shipped().test} />}
                    </Show>
                  </tbody>
                </table>
              </div>
              <p class="hint">{t().classifier.testNote}</p>
            </div>

            <Show when={s().changed.length > 0}>
              <div class="card">
                <h2>{t().classifier.changed}</h2>
                <ul class="plain" data-testid="changed">
                  <For each={s().changed}>
                    {(c) => (
                      <li>
                        {matterName(c.matterCode)}:{' '}
                        {c.before === null ? fill(t().classifier.newMatter, { after: pct(c.after) }) : `${pct(c.before)} → ${pct(c.after)}`}
                      </li>
                    )}
                  </For>
                </ul>
              </div>
            </Show>

            <div class="card">
              <h2>{t().classifier.corrections}</h2>
              <p data-testid="correction-counts">
                <For each={[...CORRECTION_SOURCES]}>
                  {(source) => <span class="badge">{fill(t().classifier.sources[source], { n: s().corrections[source] ?? 0 })}</span>}
                </For>
              </p>
              <Show when={s().recent.length > 0} fallback={<p class="hint">{t().classifier.noCorrections}</p>}>
                <ul class="plain corrections">
                  <For each={s().recent}>
                    {(c) => (
                      <li>
                        <Show when={c.caseNumber}>
                          <A href={`/cases/${c.caseId}`}>#{c.caseNumber}</A>{' '}
                        </Show>
                        <span data-user>{c.text}</span>
                        <br />
                        <span class="hint">
                          {c.suggested
                            ? fill(t().classifier.correctedFrom, { from: matterName(c.suggested), to: matterName(c.matterCode) })
                            : matterName(c.matterCode)}{' '}
                          · {fill(t().classifier.sources[c.source], { n: '' }).trim()} · {formatTime(c.createdAt)}
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

function FigureRow(props: { label: string; at: string; f: Figures }) {
  const hard = () => props.f.perKind.hard;
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.at}</td>
      <td>{pct(props.f.top1)}</td>
      <td>{pct(props.f.top3)}</td>
      <td>{hard() ? pct(hard()?.top1 ?? 0) : '—'}</td>
      <td>{pct(props.f.precision)}</td>
      <td>{pct(props.f.coverage)}</td>
      <td>{props.f.ece.toFixed(3)}</td>
    </tr>
  );
}
