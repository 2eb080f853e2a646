import { onMount, Show, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import { t } from '../i18n/index.ts';
import { createAction } from '../lib/action.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/**
 * A modal form on the native <dialog> (focus moves in, Escape closes, the page behind is inert).
 * `onSubmit` runs the action; a server error stays in the dialog in the current language.
 */
export function Dialog(props: { title: string; submitLabel: string; onSubmit: () => Promise<unknown>; onClose: () => void; children: JSX.Element }) {
  let dialog: HTMLDialogElement | undefined;
  const { busy, failure, act } = createAction(() => props.onSubmit());
  const id = `dialog-${Math.random().toString(36).slice(2)}`;
  onMount(() => dialog?.showModal());
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (await act()) dialog?.close();
  }
  // In <body>, not inside the row that opened it: focusing its first field must not scroll a list (and a virtual list drop the row).
  return (
    <Portal>
      <dialog ref={(el) => (dialog = el)} class="dialog" aria-labelledby={id} onClose={() => props.onClose()}>
        <form class="form" onSubmit={submit}>
          {/* The button that opened it may end in "…" (it opens a dialog); the dialog's own title does not. */}
          <h2 id={id}>{props.title.replace(/(…|\.\.\.)$/, '')}</h2>
          {props.children}
          <Show when={failure()}>
            <ErrorMessage failure={failure()} />
          </Show>
          <div class="dialog-buttons">
            <button type="button" class="button secondary" onClick={() => dialog?.close()}>
              {t().common.cancel}
            </button>
            <button type="submit" class="button" disabled={busy()}>
              {props.submitLabel}
            </button>
          </div>
        </form>
      </dialog>
    </Portal>
  );
}
