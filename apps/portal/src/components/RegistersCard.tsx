import { For, Show, createResource, createSignal } from 'solid-js';
import { DEPARTMENT_CODES } from '@gongzhi/domain';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { valueOf } from '../lib/resource.ts';
import { departmentName, unitName } from '../lib/reference.ts';
import { principal } from '../lib/session.ts';
import { uploadAttachment, uploadFailureOf } from '../lib/upload.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

type Hits = Awaited<ReturnType<typeof api.registers.lookup.query>>;
type Attachment = Awaited<ReturnType<typeof api.case.get.query>>['attachments'][number];

/**
 * 信息共享 on a case: look a business up in the published registers (by name, credit code or
 * address) with its licence and violation history, and the case's data requests to other
 * departments — send one, answer one asked of your department (with files, uploaded to the case
 * as the case's other attachments are), read the answer and its files.
 */
export function RegistersCard(props: {
  caseId: string;
  cityAdcode: string;
  files: Attachment[];
  /** the reader's unit works the case and it is still open: it may ask other departments */
  mayAsk: boolean;
  onFilesChange: () => void;
}) {
  const r = () => t().registers;
  const [query, setQuery] = createSignal('');
  const [hits, setHits] = createSignal<Hits | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [requests, { refetch }] = createResource(
    () => props.caseId,
    (caseId) => api.registers.requests.query({ caseId }),
  );
  const labels = () => ({ coordinator: t().user.roles.coordinator, leadership: t().user.roles.leadership, alliance: t().user.roles.alliance });
  const myUnits = () => (principal()?.memberships ?? []).flatMap((m) => (m.cityAdcode && m.departmentCode ? [`${m.cityAdcode}:${m.departmentCode}`] : []));
  /** departments of the case's city one may ask: not one's own */
  const askable = () => DEPARTMENT_CODES.filter((d) => !myUnits().includes(`${props.cityAdcode}:${d}`));
  const [picked, setToDept] = createSignal<string | null>(null);
  // market regulation first (the registers' keeper), unless it is one's own department
  const toDept = () => picked() ?? (askable().includes('market') ? 'market' : askable()[0]);
  const [need, setNeed] = createSignal('');
  const [days, setDays] = createSignal(3);
  const [answers, setAnswers] = createSignal<Record<string, string>>({});
  /** files uploaded for an answer not sent yet, by request */
  const [attached, setAttached] = createSignal<Record<string, Array<{ id: string; name: string }>>>({});
  const [uploading, setUploading] = createSignal<string | null>(null);
  const fileName = (id: string) => props.files.find((f) => f.id === id)?.name ?? t().registers.file;

  const attach = async (requestId: string, input: HTMLInputElement) => {
    const files = input.files;
    if (!files?.length) return;
    setError(null);
    setUploading(requestId);
    try {
      for (const file of Array.from(files)) {
        const stored = await uploadAttachment(props.caseId, 'data-answer', file, requestId);
        setAttached({ ...attached(), [requestId]: [...(attached()[requestId] ?? []), { id: stored.id, name: file.name }] });
      }
      props.onFilesChange();
    } catch (err) {
      setError(uploadFailureOf(err));
    } finally {
      setUploading(null);
      input.value = '';
    }
  };

  const lookup = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      setHits(await api.registers.lookup.query({ query: query(), caseId: props.caseId }));
    } catch (err) {
      setError(err);
    }
  };
  const send = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.registers.send.mutate({ caseId: props.caseId, toUnit: `${props.cityAdcode}:${toDept()}`, need: need(), workingDays: days() });
      setNeed('');
      void refetch();
    } catch (err) {
      setError(err);
    }
  };
  const answer = async (requestId: string) => {
    setError(null);
    try {
      await api.registers.answer.mutate({ requestId, text: answers()[requestId] ?? '', attachmentIds: (attached()[requestId] ?? []).map((a) => a.id) });
      setAttached({ ...attached(), [requestId]: [] });
      void refetch();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div class="card" data-testid="registers">
      <h2>{r().title}</h2>
      <form class="row" onSubmit={(e) => void lookup(e)}>
        <input
          type="search"
          aria-label={r().lookupLabel}
          placeholder={r().lookupPlaceholder}
          value={query()}
          onInput={(e) => setQuery(e.currentTarget.value)}
          data-testid="register-query"
        />
        <button type="submit">{r().lookup}</button>
      </form>
      <Show when={hits()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="hint">{r().noHits}</p>}>
            <ul class="plain" data-testid="register-hits">
              <For each={list()}>
                {(b) => (
                  <li class="register-hit">
                    <strong data-user>{b.name}</strong>
                    <Show when={b.repeat}>
                      {' '}
                      <span class="badge warn" data-testid="repeat-offender">
                        {r().repeat}
                      </span>
                    </Show>
                    <Show
                      when={b.kind === 'registered' ? b : null}
                      fallback={
                        <Show when={b.kind === 'unregistered' ? b : null}>
                          {(u) => (
                            <div class="hint" data-testid="unregistered-subject">
                              {u().subject === 'person' ? r().unregisteredPerson : r().unregisteredBusiness}
                              <Show when={u().place}>
                                {(place) => (
                                  <>
                                    {' · '}
                                    <span data-user>{place()}</span>
                                  </>
                                )}
                              </Show>
                            </div>
                          )}
                        </Show>
                      }
                    >
                      {(reg) => (
                        <>
                          <div class="hint">
                            <span data-user>{reg().creditCode}</span> · <span data-user>{reg().address}</span>
                          </div>
                          <div>
                            {r().status}: <span data-testid="licence-status">{r().statuses[reg().status]}</span> · {r().scope}:{' '}
                            <span data-user>{reg().scope}</span>
                          </div>
                        </>
                      )}
                    </Show>
                    <div>
                      {b.history.length === 0 ? (
                        r().noHistory
                      ) : (
                        <>
                          {fill(r().history, { n: b.history.length })}
                          <ul class="plain">
                            <For each={b.history}>
                              {(h) => (
                                <li>
                                  {formatTime(h.closedAt)} ·{' '}
                                  {h.fineAmount !== null ? fill(t().enforcement.outcomeFine, { amount: h.fineAmount }) : t().enforcement.measures[h.measure]}
                                  {' · '}
                                  <Show when={h.caseId} fallback={<span class="hint">{r().caseHidden}</span>}>
                                    {(id) => <a href={`/cases/${id()}`}>{fill(r().caseNo, { number: h.caseNumber ?? 0 })}</a>}
                                  </Show>
                                </li>
                              )}
                            </For>
                          </ul>
                        </>
                      )}
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>

      <h3>{r().requests}</h3>
      <Show when={(valueOf(requests) ?? []).length > 0} fallback={<p class="hint">{r().noRequests}</p>}>
        <ul class="plain" data-testid="data-requests">
          <For each={valueOf(requests) ?? []}>
            {(q) => (
              <li class="data-request" data-state={q.state}>
                <div>
                  {fill(r().fromTo, { from: unitName(q.fromUnit, labels()), to: unitName(q.toUnit, labels()) })} · {t().flowState[q.state]}
                  <Show when={q.late}>
                    {' '}
                    <span class="badge warn" data-testid="data-request-escalated">
                      {q.escalatedAt ? fill(r().escalated, { at: formatTime(q.escalatedAt) }) : r().late}
                    </span>
                  </Show>
                </div>
                <div data-user>{q.need}</div>
                <div class="hint">{fill(r().due, { at: formatTime(q.dueAt) })}</div>
                <Show when={q.answer}>
                  {(a) => (
                    <div data-testid="data-answer">
                      {fill(r().answeredAt, { at: formatTime(a().at) })} {q.onTime ? r().onTime : r().answeredLate}
                      <div data-user>{a().text}</div>
                      <Show when={a().attachmentIds.length > 0}>
                        <ul class="plain" data-testid="data-answer-files" aria-label={r().answerFiles}>
                          <For each={a().attachmentIds}>
                            {(id) => (
                              <li>
                                <a href={`/files/${id}`} target="_blank" rel="noopener" data-user>
                                  {fileName(id)}
                                </a>
                              </li>
                            )}
                          </For>
                        </ul>
                      </Show>
                    </div>
                  )}
                </Show>
                <Show when={q.state === 'open' && myUnits().includes(q.toUnit)}>
                  <div class="row">
                    <textarea
                      aria-label={r().answerLabel}
                      value={answers()[q.id] ?? ''}
                      onInput={(e) => setAnswers({ ...answers(), [q.id]: e.currentTarget.value })}
                      data-testid="data-answer-text"
                    />
                    <label class="button file-button">
                      {uploading() === q.id ? t().attachments.uploading : r().attach}
                      <input
                        type="file"
                        name="file"
                        class="sr-only"
                        accept="image/*,application/pdf,video/mp4,video/quicktime"
                        multiple
                        disabled={uploading() !== null}
                        onChange={(e) => void attach(q.id, e.currentTarget)}
                        data-testid="data-answer-attach"
                      />
                    </label>
                    <button type="button" class="primary" disabled={uploading() !== null} onClick={() => void answer(q.id)}>
                      {r().answer}
                    </button>
                  </div>
                  <Show when={(attached()[q.id] ?? []).length > 0}>
                    <ul class="plain" data-testid="data-answer-attached">
                      <For each={attached()[q.id] ?? []}>
                        {(f) => (
                          <li>
                            <span data-user>{f.name}</span>{' '}
                            <button
                              type="button"

                              aria-label={fill(r().unattach, { name: f.name })}
                              onClick={() => setAttached({ ...attached(), [q.id]: (attached()[q.id] ?? []).filter((x) => x.id !== f.id) })}
                            >
                              ×
                            </button>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.mayAsk && myUnits().length > 0}>
        <form class="form" onSubmit={(e) => void send(e)} data-testid="data-request-form">
          <label>
            {r().toDepartment}
            <select value={toDept()} onChange={(e) => setToDept(e.currentTarget.value)} data-testid="data-request-to">
              <For each={askable()}>{(d) => <option value={d}>{departmentName(d)}</option>}</For>
            </select>
          </label>
          <label>
            {r().need}
            <textarea value={need()} onInput={(e) => setNeed(e.currentTarget.value)} data-testid="data-request-need" />
          </label>
          <label>
            {r().workingDays}
            <input type="number" min="1" max="30" value={days()} onInput={(e) => setDays(Number(e.currentTarget.value) || 1)} />
          </label>
          <button type="submit" disabled={need().trim().length === 0}>
            {r().send}
          </button>
        </form>
      </Show>
      <Show when={error()}>{(err) => <ErrorMessage failure={failureOf(err())} />}</Show>
    </div>
  );
}
