import { createSignal, For, Show } from 'solid-js';
import type { OnboardingReason } from '@gongzhi/domain';
import { fill, lang, t } from '../i18n/index.ts';
import type { ApiFailure } from '../lib/trpc.ts';
import { postFile } from '../lib/upload.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

type Outcome = 'created' | 'updated' | 'unchanged' | 'rejected';
interface ImportAnswer {
  applied: boolean;
  counts: Record<Outcome, number>;
  rows: Array<{ rowNumber: number; username: string; outcome: Outcome; reason?: OnboardingReason; changes?: Array<'name' | 'phone' | 'memberships'> }>;
  created: number;
  rejectsCsv: string | null;
  passwordsCsv: string | null;
}

/** Sends the spreadsheet as the body; the server reads it (encoding, XLSX) and answers every row's outcome. */
async function send(file: File, apply: boolean): Promise<ImportAnswer> {
  return postFile<ImportAnswer>(`/imports/people?name=${encodeURIComponent(file.name)}&apply=${apply ? 1 : 0}&lang=${lang()}`, file);
}

/** A CSV the server wrote (cells already neutralised) offered as a download. */
const downloadHref = (csv: string) => URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));

/**
 * Bulk onboarding: choose a spreadsheet, see what every row would do, then apply. New people's
 * temporary passwords come once, as a sheet to download and hand out; each must be changed at the
 * first sign-in.
 */
export function PeopleImport(props: { onApplied: () => void }) {
  const [file, setFile] = createSignal<File | null>(null);
  const [answer, setAnswer] = createSignal<ImportAnswer | null>(null);
  const [failure, setFailure] = createSignal<ApiFailure | null>(null);
  const [busy, setBusy] = createSignal(false);
  const run = async (apply: boolean) => {
    const f = file();
    if (!f) return;
    setBusy(true);
    setFailure(null);
    try {
      const a = await send(f, apply);
      setAnswer(a);
      if (a.applied) props.onApplied();
    } catch (e) {
      setFailure(e as ApiFailure);
    } finally {
      setBusy(false);
    }
  };
  const outcomeText = (r: ImportAnswer['rows'][number]) =>
    r.outcome === 'rejected' && r.reason
      ? t().admin.import.reasons[r.reason]
      : r.outcome === 'updated' && r.changes
        ? `${t().admin.import.outcomes.updated}(${r.changes.map((c) => t().admin.import.changes[c]).join('、')})`
        : t().admin.import.outcomes[r.outcome];
  return (
    <>
      <p class="hint">{t().admin.import.hint}</p>
      <div class="toolbar">
        <label>
          {t().admin.import.file}
          <input
            type="file"
            name="people"
            accept=".xlsx,.csv"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setAnswer(null);
            }}
          />
        </label>
        <button type="button" class="button secondary" disabled={!file() || busy()} onClick={() => void run(false)}>
          {t().admin.import.preview}
        </button>
        <Show when={answer() && !answer()?.applied}>
          <button type="button" class="button" disabled={busy()} onClick={() => void run(true)}>
            {t().admin.import.apply}
          </button>
        </Show>
      </div>
      <ErrorMessage failure={failure()} />
      <Show when={answer()}>
        {(a) => (
          <>
            <p class="notice" role="status" data-import-counts>
              {fill(a().applied ? t().admin.import.appliedCounts : t().admin.import.previewCounts, a().counts)}
            </p>
            <div class="person-actions">
              <Show when={a().passwordsCsv}>
                {(csv) => (
                  <a class="button small" href={downloadHref(csv())} download={t().admin.import.passwordsFile}>
                    {fill(t().admin.import.passwords, { count: a().created })}
                  </a>
                )}
              </Show>
              <Show when={a().rejectsCsv}>
                {(csv) => (
                  <a class="button small secondary" href={downloadHref(csv())} download={t().admin.import.rejectsFile}>
                    {t().admin.import.rejects}
                  </a>
                )}
              </Show>
            </div>
            <Show when={a().passwordsCsv}>
              <p class="hint">{t().admin.import.passwordsHint}</p>
            </Show>
            <table class="import-rows">
              <thead>
                <tr>
                  <th>{t().admin.import.row}</th>
                  <th>{t().admin.username}</th>
                  <th>{t().admin.import.outcome}</th>
                </tr>
              </thead>
              <tbody>
                <For each={a().rows}>
                  {(r) => (
                    <tr class={`outcome-${r.outcome}`}>
                      <td>{r.rowNumber}</td>
                      <td data-user>{r.username}</td>
                      <td>{outcomeText(r)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </>
        )}
      </Show>
    </>
  );
}
