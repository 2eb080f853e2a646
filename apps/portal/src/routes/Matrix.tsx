import { A, useSearchParams } from '@solidjs/router';
import { actorText } from '../lib/words.ts';
import { For, Show, createMemo, createResource, lazy } from 'solid-js';
import { fillNodes, formatTime, nameOf, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { principal } from '../lib/session.ts';
import { MatterDetail } from '../components/MatterDetail.tsx';

const MatrixHistory = lazy(() => import('../components/MatrixHistory.tsx'));

export default function Matrix() {
  const [params, setParams] = useSearchParams<{ matter?: string; version?: string }>();
  const [grid] = createResource(
    () => params.version ?? 'latest',
    (v) => api.matrix.grid.query(v === 'latest' ? undefined : { version: Number(v) }),
  );
  const names = createMemo(() => {
    const g = grid();
    if (!g) return { departments: {}, domains: {}, matters: {} };
    return {
      departments: Object.fromEntries(g.departments.map((d) => [d.code, d.name])),
      domains: Object.fromEntries(g.domains.map((d) => [d.code, d.name])),
      matters: Object.fromEntries(g.matters.map((m) => [m.code, m.name])),
    };
  });

  return (
    <section aria-labelledby="matrix-title">
      <h1 id="matrix-title">{t().matrix.title}</h1>
      <p class="intro">{t().matrix.intro}</p>
      <Show when={principal()}>
        <p>
          <A href="/matrix/drafts" class="button small secondary">
            {t().nav.drafts}
          </A>
        </p>
      </Show>
      <Show when={grid.error}>
        <ErrorMessage failure={failureOf(grid.error)} />
      </Show>
      <Show
        when={grid()}
        fallback={
          <Show when={!grid.error}>
            <p aria-busy="true">{t().matrix.loading}</p>
          </Show>
        }
      >
        {(g) => (
          <>
            <p class="version">
              <strong>
                {t().matrix.version} {g().version.version}
              </strong>{' '}
              ·{' '}
              {fillNodes(t().matrix.versionBy, {
                by: <span data-user={g().version.createdByName ? '' : undefined}>{actorText(g().version.createdBy, g().version.createdByName)}</span>,
                at: formatTime(g().version.createdAt),
              })}{' '}
              · {t().matrix.reason}: <span data-user>{g().version.reason}</span>
            </p>
            <p class="legend">
              {t().matrix.legend}: <span class="badge lead">{t().matrix.lead}</span> <span class="badge support">{t().matrix.support}</span>
            </p>
            <div class={params.matter ? 'matrix-layout with-detail' : 'matrix-layout'}>
              <div class="table-scroll" tabindex="0" aria-label={t().matrix.title}>
                <table class="matrix">
                  <thead>
                    <tr>
                      <th scope="col">{t().matrix.department}</th>
                      <For each={g().domains}>{(d) => <th scope="col">{nameOf(d.name)}</th>}</For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={g().cells}>
                      {(row, i) => (
                        <tr>
                          <th scope="row">
                            <Show when={g().departments[i()]}>{(dept) => <>{nameOf(dept().name)}</>}</Show>
                          </th>
                          <For each={row}>
                            {(cell) => (
                              <td>
                                <Show when={cell.entries.length > 0} fallback={<span class="empty">{t().matrix.none}</span>}>
                                  <ul class="plain">
                                    <For each={cell.entries}>
                                      {(entry) => (
                                        <li>
                                          <button
                                            type="button"
                                            class={`entry ${entry.role}${params.matter === entry.matter ? ' selected' : ''}`}
                                            aria-pressed={params.matter === entry.matter}
                                            onClick={() => setParams({ matter: entry.matter })}
                                          >
                                            <span class={`badge ${entry.role}`}>{entry.role === 'lead' ? t().matrix.lead : t().matrix.support}</span>
                                            {nameOf(names().matters[entry.matter] ?? { zh: entry.matter, en: entry.matter })}
                                          </button>
                                        </li>
                                      )}
                                    </For>
                                  </ul>
                                </Show>
                              </td>
                            )}
                          </For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={params.matter}>
                {(code) => (
                  <MatterDetail
                    code={code()}
                    version={g().version.version}
                    departments={names().departments}
                    domains={names().domains}
                    onClose={() => setParams({ matter: undefined })}
                  />
                )}
              </Show>
            </div>
            <MatrixHistory current={g().version.version} onView={(version) => setParams({ version: String(version), matter: undefined })} />
          </>
        )}
      </Show>
    </section>
  );
}
