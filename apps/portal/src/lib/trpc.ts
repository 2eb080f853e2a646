import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@gongzhi/api';

/** The typed API client; cookies carry the session. Subscriptions arrive as server-sent events. */
export const api = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc', eventSourceOptions: () => ({ withCredentials: true }) }),
      false: httpLink({ url: '/trpc', fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }) }),
    }),
  ],
});

export interface ApiFailure {
  reason: string;
  params: Record<string, string | number>;
}

/** A refusal the server reported inside a result (a bulk action's refused cases), thrown to show it like an error. */
export class Refusal extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.reason);
  }
}

/** Whatever went wrong, as a reason key the dictionaries know. */
export function failureOf(error: unknown): ApiFailure {
  if (error instanceof Refusal) return error.failure;
  if (error instanceof TRPCClientError) {
    const data = error.data as { reason?: string; params?: Record<string, string | number> } | undefined;
    if (data?.reason) return { reason: data.reason, params: data.params ?? {} };
    if (!data) return { reason: 'network', params: {} };
  }
  return { reason: 'generic', params: {} };
}
