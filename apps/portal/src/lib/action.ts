import { createSignal } from 'solid-js';
import { failureOf, type ApiFailure } from './trpc.ts';

/**
 * A user action that calls the server: `busy` while it runs (to disable its button), `failure`
 * when it failed (a reason key for <ErrorMessage>). `act` resolves to whether it succeeded.
 */
export function createAction<A extends unknown[]>(run: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<ApiFailure | null>(null);
  async function act(...args: A): Promise<boolean> {
    setBusy(true);
    setFailure(null);
    try {
      await run(...args);
      return true;
    } catch (e) {
      setFailure(failureOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, failure, act };
}
