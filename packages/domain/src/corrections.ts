import type { WorkflowView } from './workflow/step.ts';

/**
 * Where a label for the matter classifier came from. Each is a person saying which matter a
 * complaint is: the operator choosing another matter than the top suggestion at intake, the
 * coordinator routing a case out of triage, a unit accepting a transfer that cites a matter's clause,
 * and leadership ruling a jurisdiction dispute (which settles the matter under dispute).
 */
export const CORRECTION_SOURCES = ['intake', 'triage', 'transfer', 'ruling'] as const;
export type CorrectionSource = (typeof CORRECTION_SOURCES)[number];

/** A matter label given to a case's complaint text by a person at work. */
export interface CaseLabel {
  caseId: string;
  matterCode: string;
  source: CorrectionSource;
  /** the classifier's top guess when the label was given, where the step knows it */
  suggested: string | null;
}

/**
 * The label a workflow step gives its case's text, if any: a pure function of the step, so the
 * engine records it in the step's own transaction (as it keeps the command centre's facts).
 */
export function labelOfStep(w: WorkflowView, from: string | null): CaseLabel | null {
  switch (w.kind) {
    case 'triage':
      return from === 'pending' && w.view.state === 'routed' && w.view.routed
        ? { caseId: w.view.caseId, matterCode: w.view.routed.matterCode, source: 'triage', suggested: w.view.suggestions[0]?.matterCode ?? null }
        : null;
    case 'transfer':
      return from === 'pending' && w.view.state === 'accepted'
        ? { caseId: w.view.caseId, matterCode: w.view.citedMatter, source: 'transfer', suggested: null }
        : null;
    case 'dispute':
      // leadership may rule before both statements are in: any step into `ruled` from another state
      return from !== null && from !== 'ruled' && w.view.state === 'ruled'
        ? { caseId: w.view.caseId, matterCode: w.view.matterCode, source: 'ruling', suggested: null }
        : null;
    default:
      return null;
  }
}

/**
 * At intake the operator's matter is a correction only when the classifier would have said
 * otherwise: agreeing with the top suggestion teaches nothing new.
 */
export function intakeLabel(caseId: string, chosen: string, suggested: string | null): CaseLabel | null {
  return suggested !== null && suggested !== chosen ? { caseId, matterCode: chosen, source: 'intake', suggested } : null;
}

/**
 * Which split a labelled text trains or validates: one in five to validation, chosen by a hash of
 * the text, so a text keeps its split across retrains and the figures of two versions compare.
 */
export function splitOfText(text: string): 'train' | 'validation' {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 5 === 0 ? 'validation' : 'train';
}
