import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock } from './clock.ts';
import { DomainError } from './errors.ts';
import { MATRIX_V1_MATTERS } from './matrix-v1.ts';
import { routeCase, type RouteRequest } from './routing.ts';

const clock = new ManualClock('2026-11-27T02:00:00Z');
const matrix = { version: 1, createdAt: '2026-11-27T00:00:00Z', createdBy: 'seed', reason: 'initial', matters: MATRIX_V1_MATTERS };
const ctx = { matrix, alliance: loadAlliance(), clock };
const route = (r: RouteRequest) => routeCase(ctx, r);
const TIANFU = { lon: 104.0657, lat: 30.6574 };

function refusal(r: RouteRequest): DomainError {
  try {
    route(r);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the route to be refused');
}

describe('routing a case', () => {
  it.each(MATRIX_V1_MATTERS.map((m) => [m.code, m] as const))('routes %s to its lead and supports in the city', (_code, m) => {
    const r = route({ matter: m.code, ...TIANFU });
    expect(r.matrixVersion).toBe(1);
    expect(r.city.adcode).toBe('510100');
    expect(r.lead).toEqual({ id: `510100:${m.lead}`, cityAdcode: '510100', department: m.lead });
    expect(r.supports.map((s) => s.department)).toEqual(m.supports);
    expect(r.tier).toBe(m.tier);
    const hours = { simple: 2, complex: 24, difficult: 48 }[m.tier];
    expect(new Date(r.respondBy).getTime() - clock.now().getTime()).toBe(hours * 3_600_000);
  });

  it('routes to the units of the city where the case is', () => {
    const r = route({ matter: 'VEN-01', lon: 104.398, lat: 31.127 });
    expect(r.city.name.zh).toBe('德阳市');
    expect(r.county.name.zh).toBe('旌阳区');
    expect(r.lead.id).toBe('510600:urban');
    expect(r.supports.map((s) => s.id)).toEqual(['510600:subdistrict']);
    expect(r.crossCity).toBe(false);
    expect(r.borderCities).toEqual([]);
  });

  it('takes the deadline from the injected clock', () => {
    const later = new ManualClock('2026-12-01T09:30:00Z');
    const r = routeCase({ ...ctx, clock: later }, { matter: 'CON-01', ...TIANFU });
    expect(r.routedAt).toBe('2026-12-01T09:30:00.000Z');
    expect(r.respondBy).toBe('2026-12-03T09:30:00.000Z');
  });

  it('marks a border case with the neighbouring city', () => {
    const r = route({ matter: 'FUM-02', lon: 104.2, lat: 30.9128 });
    expect(r.city.adcode).toBe('510100');
    expect(r.borderCities.map((c) => c.adcode)).toEqual(['510600']);
  });

  it('marks a case reported in one city about another as cross-city', () => {
    const r = route({ matter: 'VEN-05', lon: 104.398, lat: 31.127, reportedIn: '510100' });
    expect(r.reportedIn?.name.zh).toBe('成都市');
    expect(r.city.adcode).toBe('510600');
    expect(r.crossCity).toBe(true);
    expect(route({ matter: 'VEN-05', ...TIANFU, reportedIn: '510100' }).crossCity).toBe(false);
  });

  it('converts GCJ-02 coordinates when the caller says so', () => {
    const [gLon, gLat] = gcoord.transform([104.2, 30.9182], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const r = route({ matter: 'SAN-01', lon: gLon, lat: gLat, crs: 'gcj02' });
    expect(r.point.lon).toBeCloseTo(104.2, 5);
    expect(r.point.lat).toBeCloseTo(30.9182, 5);
    expect(r.county.name.zh).toBe('广汉市');
  });
});

describe('routing refuses bad input with INVALID', () => {
  it.each([
    [{ matter: 'XXX-99', ...TIANFU }, 'MATTER_UNKNOWN'],
    [{ matter: 'SAN-01', lon: 116.4, lat: 39.9 }, 'OUTSIDE_ALLIANCE'],
    [{ matter: 'SAN-01', lon: 190, lat: 30 }, 'LONGITUDE_OUT_OF_RANGE'],
    [{ matter: 'SAN-01', lon: 104, lat: -91 }, 'LATITUDE_OUT_OF_RANGE'],
    [{ matter: 'SAN-01', lon: Number.NaN, lat: 30 }, 'LONGITUDE_OUT_OF_RANGE'],
    [{ matter: 'SAN-01', ...TIANFU, reportedIn: '110000' }, 'REPORTED_IN_UNKNOWN'],
  ] as const)('%o → %s', (request, reason) => {
    const e = refusal(request);
    expect(e.code).toBe('INVALID');
    expect(e.reason).toBe(reason);
    expect(e.message.length).toBeGreaterThan(10);
  });
});
