import { randomUUID } from 'node:crypto';
import type { Alliance } from '@gongzhi/geo';
import { routeCase, type Actor, type Clock, type Route, type RouteRequest } from '@gongzhi/domain';
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

/**
 * A new case: routed under the latest matrix, stored, offered to the lead unit with its response
 * timer, referred to the coordinator of the city where it is when reported elsewhere, and the
 * neighbouring cities informed when it lies within 2 km of them — all in one transaction.
 */
export async function intakeCase(
  deps: { db: import('../client.ts').Database; clock: Clock; alliance: Alliance; confirmWindowMs?: number },
  input: IntakeInput,
  actor: Actor,
): Promise<IntakeResult> {
  const matrix = await loadMatrix(deps.db);
  const route = routeCase({ matrix, alliance: deps.alliance, clock: deps.clock }, input);
  const matter = matrix.matters.find((m) => m.code === route.matter.code)!;
  const caseId = randomUUID();
  return withEngine({ db: deps.db, clock: { now: () => new Date(route.routedAt) } }, async (engine) => {
    const [row] = await engine.tx
      .insert(cases)
      .values({
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
      })
      .returning({ number: cases.number });
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
    const crossCityInput = {
      caseId,
      homeCity: route.city.adcode,
      leadDepartment: matter.lead,
      supportDepartments: matter.supports,
      openedAt: route.routedAt,
    };
    if (route.crossCity) {
      await engine.start('crosscity', { ...crossCityInput, mode: 'referral', otherCities: [route.reportedIn!.adcode] }, actor);
    }
    if (route.borderCities.length > 0) {
      await engine.start('crosscity', { ...crossCityInput, mode: 'border', otherCities: route.borderCities.map((c) => c.adcode) }, actor);
    }
    return { caseId, number: row!.number, route };
  });
}
