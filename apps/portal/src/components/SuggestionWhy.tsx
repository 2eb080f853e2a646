import { For, Show } from 'solid-js';
import { fill, t } from '../i18n/index.ts';
import { matterName } from '../lib/reference.ts';

export interface Why {
  terms: string[];
  request: string | null;
  ruledOut: string[];
}

/**
 * Why the classifier put a matter first: the words that counted most and, when the caller ruled
 * something out ("不是 X，是 Y"), the clause taken as the request and the one set aside.
 */
export function SuggestionWhy(props: { matterCode: string | undefined; why: Why | null | undefined }) {
  return (
    <Show when={props.why && props.matterCode && (props.why.terms.length > 0 || props.why.request)}>
      <div class="hint why" data-testid="suggestion-why">
        <p>
          {fill(t().classifier.why, { matter: matterName(props.matterCode ?? '') })}
          <For each={props.why?.terms ?? []}>
            {(term) => (
              <mark class="term" data-user>
                {term}
              </mark>
            )}
          </For>
        </p>
        <Show when={props.why?.request}>
          {(request) => (
            <p>
              {t().classifier.request}
              <q data-user>{request()}</q>
            </p>
          )}
        </Show>
        <Show when={(props.why?.ruledOut.length ?? 0) > 0}>
          <p>
            {t().classifier.ruledOut}
            <For each={props.why?.ruledOut ?? []}>{(c) => <q data-user>{c}</q>}</For>
          </p>
        </Show>
      </div>
    </Show>
  );
}
