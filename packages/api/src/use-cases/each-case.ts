import { DomainError, type ErrorReason } from '@gongzhi/domain';

/** What a bulk action did: the cases it acted on, and each refusal with its reason. */
export interface BulkResult {
  done: string[];
  refused: Array<{ caseId: string; reason: ErrorReason }>;
}

/** Runs one action per case, each on its own (one refusal does not undo the others); faults still fail the whole call. */
export async function eachCase(caseIds: readonly string[], act: (caseId: string) => Promise<unknown>): Promise<BulkResult> {
  const result: BulkResult = { done: [], refused: [] };
  for (const caseId of new Set(caseIds)) {
    try {
      await act(caseId);
      result.done.push(caseId);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      result.refused.push({ caseId, reason: e.reason });
    }
  }
  return result;
}
