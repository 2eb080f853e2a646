import { DomainError, placeCase, routePlaced, triageWorkflowId, DEFAULT_REPEAT_WINDOW_DAYS, type Principal } from '@gongzhi/domain';
import { findRepeats, loadMatrixInForce, recordCaseRoute, withEngine, type DispatchResult } from '@gongzhi/db';
import { actorOf, caseInScope } from './access.ts';
import { routedCaseOf, type IntakeContext } from './intake-cases.ts';

/**
 * A coordinator names the matter of a case waiting in triage: it is routed under the latest
 * matrix from where it is, and offered to the lead unit like any other case (the triage workflow
 * starts its workflows, as intake would).
 */
export async function routeTriagedCase({
  ctx,
  input,
}: {
  ctx: IntakeContext & { principal: Principal };
  input: { caseId: string; matterCode: string; version?: number | undefined };
}): Promise<DispatchResult> {
  const row = await caseInScope(ctx.db, ctx.principal, input.caseId);
  if (row.state !== 'triage') throw new DomainError('CONFLICT', 'CASE_ALREADY_ROUTED', `Case ${row.number} is already routed`, { number: row.number });
  const matrix = await loadMatrixInForce(ctx.db, ctx.clock.now());
  const place = placeCase(ctx.alliance, { lon: row.lon, lat: row.lat, ...(row.reportedIn ? { reportedIn: row.reportedIn } : {}) });
  // The triage workflow's route: where the case is stays the triage's own city.
  const { cityAdcode: _, ...route } = routedCaseOf(matrix, routePlaced({ matrix, alliance: ctx.alliance, clock: ctx.clock }, place, input.matterCode));
  return withEngine({ db: ctx.db, clock: ctx.clock }, async (engine) => {
    const result = await engine.dispatch({
      workflowId: triageWorkflowId(row.id),
      event: { type: 'ROUTE', route },
      actor: actorOf(ctx.principal),
      expectedVersion: input.version,
    });
    // The guard passed: the case row takes its matter and is offered (as intake writes a routed case).
    const { repeats } = await engine.query((tx) =>
      findRepeats(
        tx,
        [{ caseId: row.id, matterCode: route.matterCode, lon: row.lon, lat: row.lat }],
        engine.at,
        ctx.repeatWindowDays ?? DEFAULT_REPEAT_WINDOW_DAYS,
      ),
    );
    const repeatOf = repeats.get(row.id) ?? null;
    await engine.query((tx) =>
      recordCaseRoute(tx, row.id, { matterCode: route.matterCode, matrixVersion: matrix.version, tier: route.tier, holderUnit: route.lead, repeatOf }),
    );
    if (repeatOf) engine.announceCase(repeatOf);
    return result;
  });
}
