import { For, Show, createSignal } from 'solid-js';
import { PLACE_STEPS, type AttachmentStep } from '@gongzhi/domain';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf, type ApiFailure } from '../lib/trpc.ts';
import { uploadAttachment, uploadFailureOf } from '../lib/upload.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

type Case = Awaited<ReturnType<typeof api.case.get.query>>;
type Attachment = Case['attachments'][number];

// Steps a person picks when attaching from the case page are PLACE_STEPS (joint part reports,
// exhibits and data-request answers attach on their own forms).

/**
 * Photos, documents and videos on a case: the officer photographs before and after (the phone's
 * camera opens from the file button), sees what each photo's EXIF says about its place and time,
 * and chooses which photos the public sees once the case is closed.
 */
export function Attachments(props: {
  caseId: string;
  files: Attachment[];
  works: boolean;
  /** the case is still open: photos are taken until it closes (the public ones are still chosen after) */
  open: boolean;
  onChange: () => void;
}) {
  const [step, setStep] = createSignal<AttachmentStep>('before');
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<ApiFailure | null>(null);

  async function send(input: HTMLInputElement) {
    const files = input.files;
    if (!files?.length) return;
    setBusy(true);
    setFailure(null);
    try {
      for (const file of Array.from(files)) await uploadAttachment(props.caseId, step(), file);
      props.onChange();
    } catch (e) {
      setFailure(uploadFailureOf(e));
    } finally {
      setBusy(false);
      input.value = '';
    }
  }

  async function show(a: Attachment, shown: boolean) {
    setFailure(null);
    try {
      await api.case.showAttachment.mutate({ id: a.id, public: shown });
      props.onChange();
    } catch (e) {
      setFailure(failureOf(e));
    }
  }

  return (
    <div class="card attachments" data-testid="attachments">
      <h2>{t().attachments.title}</h2>
      <Show when={props.files.length > 0} fallback={<p class="muted">{t().attachments.none}</p>}>
        <ul class="plain attachment-list">
          <For each={props.files}>
            {(a) => (
              <li class="attachment" data-step={a.step}>
                <a href={`/files/${a.id}`} target="_blank" rel="noopener">
                  <Show when={a.rendered} fallback={<span class="file-icon">{t().attachments.kinds[a.kind]}</span>}>
                    <img src={`/files/${a.id}/thumb`} alt={fill(t().attachments.alt, { step: t().attachments.steps[a.step] })} loading="lazy" />
                  </Show>
                </a>
                <div class="attachment-facts">
                  <span class="badge">{t().attachments.steps[a.step]}</span>
                  <span data-user>{a.name}</span>
                  <span class="hint">{a.takenAt ? fill(t().attachments.takenAt, { at: formatTime(a.takenAt) }) : t().attachments.noTime}</span>
                  <Show when={a.kind === 'image' && PLACE_STEPS.includes(a.step)}>
                    <span class={`hint ${a.checks.atPlace === false ? 'warn-text' : ''}`}>
                      {a.checks.metres === null
                        ? t().attachments.noPlace
                        : fill(a.checks.atPlace ? t().attachments.atPlace : t().attachments.notAtPlace, { metres: a.checks.metres })}
                    </span>
                  </Show>
                  <Show when={a.checks.afterBefore !== null}>
                    <span class={`hint ${a.checks.afterBefore ? '' : 'warn-text'}`}>
                      {a.checks.afterBefore ? t().attachments.afterOk : t().attachments.afterEarly}
                    </span>
                  </Show>
                  <Show when={props.works && a.rendered && PLACE_STEPS.includes(a.step)}>
                    <label class="check">
                      <input type="checkbox" checked={a.public} onChange={(e) => void show(a, e.currentTarget.checked)} />
                      {t().attachments.public}
                    </label>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.works}>
        <p class="hint">{t().attachments.publicNote}</p>
      </Show>
      <Show when={props.works && props.open}>
        <div class="attach-form">
          <label>
            {t().attachments.step}
            <select value={step()} onChange={(e) => setStep(e.currentTarget.value as AttachmentStep)}>
              <For each={[...PLACE_STEPS]}>{(s) => <option value={s}>{t().attachments.steps[s]}</option>}</For>
            </select>
          </label>
          <label class="button file-button">
            {busy() ? t().attachments.uploading : t().attachments.add}
            <input
              type="file"
              name="file"
              class="sr-only"
              accept="image/*,application/pdf,video/mp4,video/quicktime"
              capture="environment"
              multiple
              disabled={busy()}
              onChange={(e) => void send(e.currentTarget)}
            />
          </label>
        </div>
      </Show>
      <ErrorMessage failure={failure()} />
    </div>
  );
}
