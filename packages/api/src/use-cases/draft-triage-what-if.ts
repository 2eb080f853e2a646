import {
  classifierChanges,
  decideMatter,
  draftMatrix,
  findMatter,
  triageShift,
  type MatrixVersion,
  type Name,
  type Suggestion,
  type TriageShift,
} from '@gongzhi/domain';
import { classifiedComplaints, listCorrections, loadMatrix } from '@gongzhi/db';
import { MatterClassifier, matrixTrainingSet, trainHere } from '@gongzhi/nlp';
import type { SignedInContext } from '../context.ts';
import { readableDraft } from './drafts.ts';
import { replayWindow } from './what-if.ts';

export type DraftTriageWhatIf =
  | { state: 'unchanged' }
  | { state: 'unavailable' }
  | (TriageShift & { state: 'replayed'; window: { from: string; to: string }; corrections: number; matterNames: Record<string, Name> });

/** Replays run lately, by draft revision, window and model version in use (a retrain brings new corrections): a draft page opened again does not retrain. */
const recent = new Map<string, Promise<DraftTriageWhatIf>>();
const KEEP = 16;

/**
 * The triage queue's change under a draft that adds, retires or relearns matters: a model trained
 * as the draft would train it (its matters taking cases, every correction so far, a retired
 * matter's texts teaching its successor) and one trained alike under the base version each decide
 * the window's complaint texts that the classifier decided at intake; the counts say how the coordinators' queue would
 * change and which cases each added matter would take. A draft that changes only leads or tiers
 * changes nothing here. Reads only; the training runs where the server trains (a worker thread).
 */
export async function draftTriageWhatIf({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock' | 'models' | 'trainer'>;
  input: { draftId: string; from?: string | undefined; to?: string | undefined };
}): Promise<DraftTriageWhatIf> {
  const draft = await readableDraft(ctx.db, ctx.principal, input.draftId);
  const base = await loadMatrix(ctx.db, draft.basedOn);
  const proposed = draftMatrix(base, draft.operations);
  const changes = classifierChanges(base, proposed);
  if (changes.added.length + changes.retired.length + changes.relearned.length === 0) return { state: 'unchanged' };
  const models = ctx.models;
  if (!models) return { state: 'unavailable' };
  const window = replayWindow(ctx.clock.now(), {
    ...(input.from ? { from: new Date(input.from) } : {}),
    ...(input.to ? { to: new Date(input.to) } : {}),
  });
  const key = [draft.id, draft.revision, window.from.toISOString(), window.to.toISOString(), models.version ?? 'shipped'].join('|');
  let run = recent.get(key);
  if (!run) {
    run = replay(ctx, base, proposed, window).then((shift) => ({ ...shift, state: 'replayed' as const }));
    recent.set(key, run);
    run.catch(() => recent.delete(key));
    while (recent.size > KEEP) recent.delete(recent.keys().next().value as string);
  }
  return run;
}

async function replay(ctx: SignedInContext<'clock' | 'trainer'>, base: MatrixVersion, proposed: MatrixVersion, window: { from: Date; to: Date }) {
  const changes = classifierChanges(base, proposed);
  const [corrections, complaints] = await Promise.all([listCorrections(ctx.db), classifiedComplaints(ctx.db, window)]);
  // Two models trained alike, on the same texts and corrections, under the base and under the draft:
  // what differs between their decisions is the draft's doing, not a retrain's.
  const train = async (matrix: MatrixVersion) => {
    const { matters, texts } = matrixTrainingSet(matrix, corrections);
    return new MatterClassifier(await (ctx.trainer ?? trainHere)(matters, texts, ctx.clock.now()));
  };
  const [now, drafted] = await Promise.all([train(base), train(proposed)]);
  // As intake decides: the suggestions of matters the matrix knows, routed on the top one when confident enough.
  const decide = (classifier: MatterClassifier, matrix: MatrixVersion, text: string) => {
    const known = (s: Suggestion) => matrix.matters.some((m) => m.code === s.matterCode);
    return decideMatter(classifier.suggest(text).filter(known), classifier.threshold);
  };
  const matterNames: Record<string, Name> = {};
  for (const code of [...changes.added, ...changes.retired]) matterNames[code] = findMatter(proposed, code).name;
  const rows = complaints.map((c) => ({ cityAdcode: c.cityAdcode, before: decide(now, base, c.text), after: decide(drafted, proposed, c.text) }));
  return {
    ...triageShift(changes, rows),
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    corrections: corrections.length,
    matterNames,
  };
}
