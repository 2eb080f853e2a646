import { Show } from 'solid-js';
import { fill, t } from '../i18n/index.ts';
import type { ApiFailure } from '../lib/trpc.ts';

/** A server error in the current language; falls back to the generic text for an unknown reason. */
export function ErrorMessage(props: { failure: ApiFailure | null | undefined }) {
  const text = () => {
    const f = props.failure;
    if (!f) return '';
    const errors = t().errors as Record<string, string>;
    // A workflow kind (`case`, `joint`, …) is named in the current language.
    const kinds = t().case.kinds as Record<string, string>;
    const params = typeof f.params.kind === 'string' ? { ...f.params, kind: kinds[f.params.kind] ?? f.params.kind } : f.params;
    return fill(errors[f.reason] ?? errors.generic!, params);
  };
  return (
    <Show when={props.failure}>
      <p class="error" role="alert">
        {text()}
      </p>
    </Show>
  );
}
