import { randomUUID } from 'node:crypto';
import type { Alliance } from '@gongzhi/geo';
import { routeCase, type Actor, type Clock, type Route, type RouteRequest } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases } from '../schema/index.ts';
import { loadMatrix } from '../repositories/matrix.repository.ts';
import { withEngine } from './engine.ts';

export const CASE_SOURCES = ['hotline', 'app', 'patrol', 'sensor'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** How long a reporter has to confirm a resolution before it is confirmed for them (双向确认). */
export const DEFAULT_CONFIRM_WINDOW_MS = 72 * 3_600_000;

export interface IntakeInput extends RouteRequest {
  description: string;
  address?: string | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  source: CaseSource;
}

export interface IntakeResult {
  caseId: string;
  number: number;
  route: Route;
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
  const outcomes: IntakeOutcome[] = [];
  const routed: Array<{ index: number; input: IntakeInput; actor: Actor; route: Route; caseId: string }> = [];
  for (const [index, { input, actor }] of items.entries()) {
    try {
      const route = routeCase({ matrix, alliance: deps.alliance, clock: deps.clock }, input);
      routed.push({ index, input, actor, route, caseId: randomUUID() });
      outcomes.push({ ok: false, error: new Error('not stored') });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  if (routed.length === 0) return outcomes;
  const at = new Date(routed[0]!.route.routedAt);
  await withEngine({ db: deps.db, clock: { now: () => at } }, async (engine) => {
    const numbers = await engine.tx
      .insert(cases)
      .values(
        routed.map(({ input, route, caseId }) => ({
          id: caseId,
          matterCode: route.matter.code,
          matrixVersion: route.matrixVersion,
          cityAdcode: route.city.adcode,
          countyAdcode: route.county.adcode,
          lon: route.point.lon,
          lat: route.point.lat,
          address: input.address ?? null,
          description: input.description,
          reporterName: input.reporterName ?? null,
          reporterPhone: input.reporterPhone ?? null,
          source: input.source,
          reportedIn: route.reportedIn?.adcode ?? null,
          borderCities: route.borderCities.map((c) => c.adcode),
          crossCity: route.crossCity,
          tier: route.tier,
          createdAt: engine.at,
          state: 'offered',
          holderUnit: route.lead.id,
        })),
      )
      .returning({ id: cases.id, number: cases.number });
    const numberOf = new Map(numbers.map((r) => [r.id, r.number]));
    for (const { index, actor, route, caseId } of routed) {
      const matter = matrix.matters.find((m) => m.code === route.matter.code)!;
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
      outcomes[index] = { ok: true, result: { caseId, number: numberOf.get(caseId)!, route } };
    }
  });
  return outcomes;
}

/** One new case (see `intakeCases`); bad input throws its DomainError. */
export async function intakeCase(deps: IntakeDeps, input: IntakeInput, actor: Actor): Promise<IntakeResult> {
  const [outcome] = await intakeCases(deps, [{ input, actor }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.result;
}
