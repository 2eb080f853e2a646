import { Show } from 'solid-js';
import { fill, t } from '../i18n/index.ts';
import type { ApiFailure } from '../lib/trpc.ts';

/** A server error in the current language; falls back to the generic text for an unknown reason. */
export function ErrorMessage(props: { failure: ApiFailure | null | undefined }) {
  const text = () => {
    const f = props.failure;
    if (!f) return '';
    // The reason comes from the server, which may know reasons this build does not.
    const errors: Partial<Record<string, string>> = t().errors;
    // A workflow kind (`case`, `joint`, …) is named in the current language.
    const kinds: Partial<Record<string, string>> = t().case.kinds;
    const params: Record<string, string | number> =
      typeof f.params.kind === 'string' ? { ...f.params, kind: kinds[f.params.kind] ?? f.params.kind } : { ...f.params };
    // So are the roles a refusal names (`leadership, admin`), never their keys.
    const roleNames: Partial<Record<string, string>> = t().user.roles;
    if (typeof f.params.roles === 'string')
      params.roles = f.params.roles
        .split(',')
        .flatMap((r) => roleNames[r.trim()] ?? [])
        .join(t().common.listSeparator);
    // A server fault carries the request id the server logged it under.
    const ref = typeof f.params.requestId === 'string' ? fill(t().requestRef, { requestId: f.params.requestId }) : '';
    return fill(errors[f.reason] ?? t().errors.generic, params) + ref;
  };
  return (
    <Show when={props.failure}>
      <p class="error" role="alert">
        {text()}
      </p>
    </Show>
  );
}
