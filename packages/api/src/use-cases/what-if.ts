import { invalid, movedMatters, replayWhatIf, type MatrixVersion, type WhatIfResult } from '@gongzhi/domain';
import { loadMatrix, whatIfHistory } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/** The default window: the last 90 days. */
export const WHAT_IF_DAYS = 90;
/** The longest window a replay takes (ten years): a typo in a year should not scan the whole history twice over. */
const MAX_WINDOW_DAYS = 3_660;

export interface WhatIfRequest {
  /** the whole matrix a draft would make (drafts: `draftMatrix(base, operations)`) */
  proposed: MatrixVersion;
  /** the version it is compared with; default the latest stored */
  base?: MatrixVersion;
  from?: Date;
  to?: Date;
  /** list units whose cases would rise by more than this share (default 0.1) */
  threshold?: number;
}

/** The window a replay covers: the last 90 days unless given; refused when empty or over ten years. */
export function replayWindow(now: Date, given: { from?: Date | undefined; to?: Date | undefined }): { from: Date; to: Date } {
  const to = given.to ?? now;
  const from = given.from ?? new Date(to.getTime() - WHAT_IF_DAYS * 86_400_000);
  if (!(from < to)) throw invalid('WINDOW_EMPTY', 'The window must start before it ends', { from: from.toISOString(), to: to.toISOString() });
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw invalid('WINDOW_TOO_LONG', `A replay window is at most ${MAX_WINDOW_DAYS} days`, { days: String(MAX_WINDOW_DAYS) });
  }
  return { from, to };
}

/**
 * What-if replay: every case of the window re-routed under the proposed matrix and under its base,
 * with the workload shift per unit and city, handling-hour estimates and the transfers and disputes
 * the proposal would have spared. Reads only (a read-only transaction); the same request gives the
 * same result.
 */
export async function whatIf({ ctx, input }: { ctx: UseCaseContext<'clock'>; input: WhatIfRequest }): Promise<WhatIfResult> {
  const { from, to } = replayWindow(ctx.clock.now(), input);
  const base = input.base ?? (await loadMatrix(ctx.db));
  const history = await whatIfHistory(ctx.db, { from, to, movedMatters: movedMatters(base, input.proposed) });
  return replayWhatIf({ base, proposed: input.proposed, from, to, ...history, ...(input.threshold === undefined ? {} : { threshold: input.threshold }) });
}
