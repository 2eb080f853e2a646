import { randomUUID } from 'node:crypto';
import type { Alliance } from '@gongzhi/geo';
import { eq } from 'drizzle-orm';
import {
  DomainError,
  findMatter,
  placeCase,
  routePlaced,
  type Actor,
  type Clock,
  type MatrixVersion,
  type PlaceRequest,
  type Placement,
  type Route,
  type Suggestion,
  type TriageInput,
  type TriageRoute,
} from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases } from '../schema/index.ts';
import { loadMatrix } from '../repositories/matrix.repository.ts';
import { withEngine, type DispatchResult } from './engine.ts';

export const CASE_SOURCES = ['hotline', 'app', 'patrol', 'sensor'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** How long a reporter has to confirm a resolution before it is confirmed for them (双向确认). */
export const DEFAULT_CONFIRM_WINDOW_MS = 72 * 3_600_000;

export interface IntakeInput extends PlaceRequest {
  /** the matter when the intake knows it; without one the case waits in the city's triage queue */
  matter?: string | undefined;
  /** guesses shown to the coordinator who triages it (from the complaint text) */
  suggestions?: Suggestion[] | undefined;
  /** why a case with guesses still goes to triage */
  triageReason?: TriageInput['reason'] | undefined;
  description: string;
  address?: string | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  source: CaseSource;
}

export interface IntakeResult {
  caseId: string;
  number: number;
  /** null when the case went to triage */
  route: Route | null;
  placement: Placement;
}

export interface IntakeDeps {
  db: Database;
  clock: Clock;
  alliance: Alliance;
  confirmWindowMs?: number | undefined;
}

export type IntakeOutcome = { ok: true; result: IntakeResult } | { ok: false; error: unknown };

/**
 * New cases: each routed under the latest matrix, stored, offered to the lead unit with its
 * response timer, referred to the coordinator of the city where it is when reported elsewhere,
 * and the neighbouring cities informed when it lies within 2 km of them. All the cases given go
 * in one transaction (a case that cannot be routed is answered alone and stores nothing).
 */
export async function intakeCases(deps: IntakeDeps, items: Array<{ input: IntakeInput; actor: Actor }>): Promise<IntakeOutcome[]> {
  const matrix = await loadMatrix(deps.db);
  const now = deps.clock.now();
  const clock = { now: () => now };
  const outcomes: IntakeOutcome[] = [];
  const accepted: Array<{ index: number; input: IntakeInput; actor: Actor; place: Placement; route: Route | null; caseId: string }> = [];
  for (const [index, { input, actor }] of items.entries()) {
    try {
      if (input.matter !== undefined && input.triageReason === undefined) findMatter(matrix, input.matter);
      const place = placeCase(deps.alliance, input);
      const route = input.matter !== undefined && input.triageReason === undefined ? routePlaced({ matrix, alliance: deps.alliance, clock }, place, input.matter) : null;
      accepted.push({ index, input, actor, place, route, caseId: randomUUID() });
      outcomes.push({ ok: false, error: new Error('not stored') });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  if (accepted.length === 0) return outcomes;
  await withEngine({ db: deps.db, clock }, async (engine) => {
    const numbers = await engine.tx
      .insert(cases)
      .values(
        accepted.map(({ input, place, route, caseId }) => ({
          id: caseId,
          matterCode: route?.matter.code ?? null,
          matrixVersion: route?.matrixVersion ?? null,
          cityAdcode: place.city.adcode,
          countyAdcode: place.county.adcode,
          lon: place.point.lon,
          lat: place.point.lat,
          address: input.address ?? null,
          description: input.description,
          reporterName: input.reporterName ?? null,
          reporterPhone: input.reporterPhone ?? null,
          source: input.source,
          reportedIn: place.reportedIn?.adcode ?? null,
          borderCities: place.borderCities.map((c) => c.adcode),
          crossCity: place.crossCity,
          tier: route?.tier ?? null,
          createdAt: engine.at,
          state: route ? 'offered' : 'triage',
          holderUnit: route?.lead.id ?? null,
        })),
      )
      .returning({ id: cases.id, number: cases.number });
    const numberOf = new Map(numbers.map((r) => [r.id, r.number]));
    for (const { index, input, actor, place, route, caseId } of accepted) {
      if (route) await startRouted(engine, deps, matrix, caseId, route, actor);
      else {
        const triage: TriageInput = {
          id: triageWorkflowId(caseId),
          caseId,
          cityAdcode: place.city.adcode,
          reason: input.triageReason ?? 'no-matter',
          suggestions: input.suggestions ?? [],
          openedAt: engine.at.toISOString(),
          confirmWindowMs: deps.confirmWindowMs ?? DEFAULT_CONFIRM_WINDOW_MS,
        };
        await engine.start('triage', { ...triage }, actor, { newCase: true });
      }
      outcomes[index] = { ok: true, result: { caseId, number: numberOf.get(caseId)!, route, placement: place } };
    }
  });
  return outcomes;
}

export const triageWorkflowId = (caseId: string) => `${caseId}:triage`;

type Scope = Parameters<Parameters<typeof withEngine>[1]>[0];

/** A routed case: offered to the lead unit, referred and bordering cities brought in. */
async function startRouted(engine: Scope, deps: IntakeDeps, matrix: MatrixVersion, caseId: string, route: Route, actor: Actor): Promise<void> {
  const matter = findMatter(matrix, route.matter.code);
  await engine.start(
    'case',
    {
      id: caseId,
      caseId,
      matterCode: route.matter.code,
      cityAdcode: route.city.adcode,
      tier: route.tier,
      lead: route.lead.id,
      supports: route.supports.map((s) => s.id),
      offeredAt: route.routedAt,
      confirmWindowMs: deps.confirmWindowMs ?? DEFAULT_CONFIRM_WINDOW_MS,
    },
    actor,
    { newCase: true },
  );
  const crossCityInput = { caseId, homeCity: route.city.adcode, leadDepartment: matter.lead, supportDepartments: matter.supports, openedAt: route.routedAt };
  if (route.crossCity) {
    await engine.start('crosscity', { ...crossCityInput, mode: 'referral', otherCities: [route.reportedIn!.adcode] }, actor);
  }
  if (route.borderCities.length > 0) {
    await engine.start('crosscity', { ...crossCityInput, mode: 'border', otherCities: route.borderCities.map((c) => c.adcode) }, actor);
  }
}

/**
 * A coordinator names the matter of a case waiting in triage: it is routed under the latest
 * matrix from where it is, and offered to the lead unit like any other case.
 */
export async function routeTriagedCase(
  deps: IntakeDeps,
  input: { caseId: string; matterCode: string; actor: Actor; expectedVersion?: number | undefined },
): Promise<DispatchResult> {
  const [row] = await deps.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', `No case ${input.caseId}`, {});
  if (row.state !== 'triage') throw new DomainError('CONFLICT', 'CASE_ALREADY_ROUTED', `Case ${row.number} is already routed`, { number: row.number });
  const matrix = await loadMatrix(deps.db);
  const place = placeCase(deps.alliance, { lon: row.lon, lat: row.lat, ...(row.reportedIn ? { reportedIn: row.reportedIn } : {}) });
  const route = routePlaced({ matrix, alliance: deps.alliance, clock: deps.clock }, place, input.matterCode);
  const matter = findMatter(matrix, route.matter.code);
  const triageRoute: TriageRoute = {
    matterCode: matter.code,
    tier: matter.tier,
    lead: route.lead.id,
    supports: route.supports.map((s) => s.id),
    leadDepartment: matter.lead,
    supportDepartments: matter.supports,
    borderCities: route.borderCities.map((c) => c.adcode),
  };
  return withEngine({ db: deps.db, clock: deps.clock }, async (engine) => {
    const result = await engine.dispatch({
      workflowId: triageWorkflowId(row.id),
      event: { type: 'ROUTE', route: triageRoute },
      actor: input.actor,
      expectedVersion: input.expectedVersion,
    });
    // The guard passed: the case row takes its matter and is offered (as intake writes a routed case).
    await engine.tx
      .update(cases)
      .set({ matterCode: matter.code, matrixVersion: matrix.version, tier: matter.tier, state: 'offered', holderUnit: route.lead.id })
      .where(eq(cases.id, row.id));
    return result;
  });
}

/** One new case (see `intakeCases`); bad input throws its DomainError. */
export async function intakeCase(deps: IntakeDeps, input: IntakeInput, actor: Actor): Promise<IntakeResult> {
  const [outcome] = await intakeCases(deps, [{ input, actor }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.result;
}
