import { t } from '../i18n/index.ts';
import type { api } from './trpc.ts';

/** A workflow as the server sends it: its row and its definition's view (never its snapshot). */
export type Flow = Awaited<ReturnType<typeof api.case.get.query>>['workflows'][number];
export type FlowOf<K extends Flow['kind']> = Extract<Flow, { kind: K }>;

/** The (first) workflow of a kind among a case's, or the one with this id, typed by its kind. */
export function flowOf<K extends Flow['kind']>(flows: readonly Flow[] | undefined, kind: K, id?: string): FlowOf<K> | undefined {
  return flows?.find((w): w is FlowOf<K> => w.kind === kind && (id === undefined || w.id === id));
}

/** A workflow's state in the current language (a case's own states have their dictionary). */
export const stateText = (w: Flow): string => (w.kind === 'case' ? t().caseState[w.view.state] : t().flowState[w.view.state]);
