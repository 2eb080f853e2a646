import { describe, expect, it } from 'vitest';
import { MATRIX_V1_MATTERS } from './matrix-v1.ts';
import { buildGrid, diffMatrices, matrixProblems, type Matter, type MatrixVersion } from './matrix.ts';
import { DEPARTMENT_CODES, DOMAIN_CODES, TIERS } from './reference.ts';

const v1 = { version: 1, createdAt: '2026-11-27T00:00:00Z', createdBy: 'seed', reason: 'initial', matters: MATRIX_V1_MATTERS };

describe('responsibility matrix version 1', () => {
  it('has 12 department kinds, 8 domains and at least the 33 matters of the brief', () => {
    expect(DEPARTMENT_CODES).toHaveLength(12);
    expect(DOMAIN_CODES).toHaveLength(8);
    expect(MATRIX_V1_MATTERS.length).toBeGreaterThanOrEqual(33);
  });

  it('gives every matter exactly one lead that is not also a support', () => {
    for (const m of MATRIX_V1_MATTERS) {
      expect(DEPARTMENT_CODES).toContain(m.lead);
      expect(m.supports).not.toContain(m.lead);
      expect(TIERS).toContain(m.tier);
      expect(m.legalBasis.length).toBeGreaterThan(4);
      expect(m.keywords.length).toBeGreaterThan(2);
      expect(m.name.zh && m.name.en).toBeTruthy();
    }
  });

  it('has every department lead or support at least one matter', () => {
    for (const d of DEPARTMENT_CODES) {
      expect(
        MATRIX_V1_MATTERS.some((m) => m.lead === d || m.supports.includes(d)),
        d,
      ).toBe(true);
    }
  });

  it('uses each matter code once', () => {
    const codes = MATRIX_V1_MATTERS.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('passes its own soundness check', () => {
    expect(matrixProblems(MATRIX_V1_MATTERS)).toEqual([]);
  });
});

describe('matrix soundness check', () => {
  const base = MATRIX_V1_MATTERS[0]!;
  it('names a lead listed as support, a duplicate code and an idle department', () => {
    const broken: Matter[] = [...MATRIX_V1_MATTERS.filter((m) => m.lead !== 'parks' && !m.supports.includes('parks')), { ...base, supports: ['urban'] }];
    const problems = matrixProblems(broken);
    expect(problems).toContain(`matter code ${base.code} is used twice`);
    expect(problems).toContain(`${base.code}: the lead urban is also listed as a support`);
    expect(problems).toContain('department parks neither leads nor supports any matter');
  });
});

describe('the 12 × 8 grid', () => {
  it('lists each department’s role in each domain', () => {
    const grid = buildGrid(v1);
    expect(grid).toHaveLength(12);
    expect(grid.every((row) => row.length === 8)).toBe(true);
    const urbanAdvertising = grid[DEPARTMENT_CODES.indexOf('urban')]![DOMAIN_CODES.indexOf('advertising')]!;
    expect(urbanAdvertising.entries).toEqual([
      { matter: 'ADV-01', role: 'lead' },
      { matter: 'ADV-02', role: 'support' },
      { matter: 'ADV-03', role: 'support' },
      { matter: 'ADV-04', role: 'lead' },
    ]);
    const cells = grid.flat().reduce((n, c) => n + c.entries.length, 0);
    expect(cells).toBe(MATRIX_V1_MATTERS.reduce((n, m) => n + 1 + m.supports.length, 0));
  });
});

describe('matrix diff', () => {
  it('names added, removed and changed matters with the changed fields', () => {
    const v2: MatrixVersion = {
      ...v1,
      version: 2,
      matters: [
        ...v1.matters
          .filter((m) => m.code !== 'ADV-04')
          .map((m) => (m.code === 'VEN-03' ? { ...m, lead: 'urban' as const, supports: ['market' as const] } : m)),
        { ...v1.matters[0]!, code: 'ADV-09' },
      ],
    };
    expect(diffMatrices(v1, v2).map((c) => [c.code, c.change, c.change === 'changed' ? c.fields : null])).toEqual([
      ['ADV-04', 'removed', null],
      ['ADV-09', 'added', null],
      ['VEN-03', 'changed', ['lead', 'supports']],
    ]);
    expect(diffMatrices(v1, v1)).toEqual([]);
  });
});
