import { Show, createSignal } from 'solid-js';
import { fill, t } from '../i18n/index.ts';
import type { ApiFailure } from '../lib/trpc.ts';
import { postFile, uploadFailureOf } from '../lib/upload.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

interface Report {
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectsCsv: string;
}

/** Market regulation (or a city's administrator) loads its business register from a CSV/XLSX file (信息共享). */
export function RegisterUpload(props: { city?: string | undefined }) {
  const r = () => t().registers;
  const [report, setReport] = createSignal<Report | null>(null);
  const [failure, setFailure] = createSignal<ApiFailure | null>(null);
  const [busy, setBusy] = createSignal(false);
  const upload = async (file: File) => {
    setBusy(true);
    setFailure(null);
    try {
      setReport(await postFile<Report>(`/imports/register?name=${encodeURIComponent(file.name)}${props.city ? `&city=${props.city}` : ''}`, file));
    } catch (e) {
      setFailure(uploadFailureOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card" data-testid="register-upload">
      <h2>{r().uploadTitle}</h2>
      <p class="hint">{r().uploadHint}</p>
      <input
        type="file"
        accept=".csv,.xlsx"
        aria-label={r().uploadTitle}
        disabled={busy()}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void upload(file);
        }}
      />
      <Show when={report()}>
        {(x) => (
          <p data-testid="register-report">
            {fill(r().uploadReport, { read: x().read, added: x().added, updated: x().updated, unchanged: x().unchanged, rejected: x().rejected })}
            <Show when={x().rejected > 0}>
              {' '}
              <a href={URL.createObjectURL(new Blob([x().rejectsCsv], { type: 'text/csv;charset=utf-8' }))} download="rejects.csv">
                {r().rejectsFile}
              </a>
            </Show>
          </p>
        )}
      </Show>
      <ErrorMessage failure={failure()} />
    </div>
  );
}
