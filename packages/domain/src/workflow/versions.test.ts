import { readFileSync } from 'node:fs';
import { assign, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS } from './index.ts';
import { RESOLUTION_LIMITS, type Tier } from '../reference.ts';
import { resolutionDeadline } from './sla.ts';
import { defineWorkflow, type PersistedSnapshot, type WorkflowView } from './step.ts';
import { isWorkflowKind, type WorkflowCommand } from './types.ts';
import { liaison, outcome, REPORTER, role, SYSTEM_ACTOR, user } from './testing.ts';
import type { Actor } from './actor.ts';

interface Fixture {
  id: string;
  kind: string;
  state: string;
  snapshot: PersistedSnapshot;
}
const fixtures: Fixture[] = JSON.parse(readFileSync(new URL('./fixtures/snapshots-2049fb1.json', import.meta.url), 'utf8')).workflows;

const unitActor = (unit: string) => {
  const [city = '', dept] = unit.split(':');
  return user(unit, liaison(city, dept as Parameters<typeof liaison>[1]));
};
const coordinator = (city: string) => user(`${city}-coordinator`, role('coordinator', city));

/** One event a workflow in this state takes, chosen from its view, and the state it leads to (or the refusal). */
function nextStep(w: WorkflowView): { actor: Actor; event: WorkflowCommand; then: string } {
  switch (w.kind) {
    case 'case': {
      const v = w.view;
      const holder = unitActor(v.holder);
      switch (v.state) {
        case 'offered':
          return { actor: holder, event: { type: 'CLAIM' }, then: 'claimed' };
        case 'claimed':
          return { actor: holder, event: { type: 'START' }, then: 'inProgress' };
        case 'inProgress':
          return { actor: holder, event: { type: 'RESOLVE', note: '已处置' }, then: 'awaitingConfirmation' };
        case 'transferring':
          return { actor: SYSTEM_ACTOR, event: { type: 'TRANSFER_ACCEPTED' }, then: 'offered' };
        case 'disputed':
          return { actor: SYSTEM_ACTOR, event: { type: 'RULED', lead: v.holder, supports: [] }, then: 'offered' };
        case 'awaitingConfirmation':
          return { actor: REPORTER, event: { type: 'CONFIRM', satisfied: true }, then: 'closed' };
        case 'closed':
          // One rating per closure: a rated closure refuses the reporter's second word.
          return { actor: REPORTER, event: { type: 'REOPEN', reason: '问题反弹' }, then: v.rating === null ? 'inProgress' : 'FORBIDDEN' };
        case 'suspended':
          return { actor: holder, event: { type: 'RESUME', note: '条件具备' }, then: 'inProgress' };
      }
      break;
    }
    case 'transfer':
      return w.view.state === 'pending'
        ? { actor: unitActor(w.view.to), event: { type: 'ACCEPT' }, then: 'accepted' }
        : { actor: unitActor(w.view.to), event: { type: 'ACCEPT' }, then: 'CONFLICT' };
    case 'dispute': {
      const v = w.view;
      if (v.state === 'ruled') return { actor: user('leader', role('leadership')), event: { type: 'PROMOTE', reason: '写入清单' }, then: 'amended' };
      return { actor: user('leader', role('leadership')), event: { type: 'RULE', lead: v.parties[0], supports: [], reasons: '按职责清单' }, then: 'ruled' };
    }
    case 'joint':
      return { actor: unitActor(w.view.lead), event: { type: 'REPORT_PART', text: '已完成' }, then: 'scheduled' };
    case 'crosscity': {
      const v = w.view;
      if (v.state === 'referred') return { actor: coordinator(v.homeCity), event: { type: 'ACCEPT' }, then: 'accepted' };
      return { actor: coordinator(v.homeCity), event: { type: 'CONFIRM_CLOSURE' }, then: 'informed' };
    }
    case 'harmonisation': {
      const v = w.view;
      if (v.state === 'draft') return { actor: user('office', role('alliance')), event: { type: 'REVISE', text: '修改后的标准' }, then: 'circulating' };
      const pending = v.cities.find((c) => v.positions[c] === 'pending') ?? '';
      return { actor: coordinator(pending), event: { type: 'CONCUR' }, then: 'circulating' };
    }
    case 'triage': {
      const v = w.view;
      const route = {
        matterCode: 'VEN-01',
        tier: 'simple' as const,
        lead: `${v.cityAdcode}:urban`,
        supports: [],
        leadDepartment: 'urban' as const,
        supportDepartments: [],
        borderCities: [],
        resolutionLimit: { amount: 24, unit: 'workingHours' as const },
      };
      return { actor: coordinator(v.cityAdcode), event: { type: 'ROUTE', route }, then: 'routed' };
    }
  }
  throw new Error(`no next step for ${JSON.stringify(w)}`);
}

describe('snapshots stored by the definitions of 2049fb1 (version 1)', () => {
  it('cover every kind of workflow that existed then', () => {
    // kinds defined since then have no snapshot stored by an older definition
    const since = new Set(['consultation', 'datarequest']);
    expect(new Set(fixtures.map((f) => f.kind))).toEqual(new Set(Object.keys(WORKFLOWS).filter((k) => !since.has(k))));
  });

  it.each(fixtures.map((f) => [`${f.kind} ${f.state}`, f] as const))('%s: loads, shows its view, and continues', (_, f) => {
    if (!isWorkflowKind(f.kind)) throw new Error(f.kind);
    const def = WORKFLOWS[f.kind];
    const view = { kind: f.kind, view: def.view(f.snapshot, 1) } as WorkflowView;
    expect(view.view.state).toBe(f.state);
    const { actor, event, then } = nextStep(view);
    const at = '2026-11-28T02:00:00.000Z';
    if (then === 'CONFLICT' || then === 'FORBIDDEN') {
      expect(outcome(() => def.step(f.snapshot, 1, { ...event, actor, at }))).toBe(then);
      return;
    }
    const next = def.step(f.snapshot, 1, { ...event, actor, at });
    expect(next.state).toBe(then);
    // What the engine stores next is a snapshot of the current version, and it reads back the same.
    expect(def.view(next.snapshot, def.version).state).toBe(then);
  });
});

describe('case definition version 2: resolution deadlines', () => {
  const claimed = fixtures.find((f) => f.kind === 'case' && (f.state === 'claimed' || f.state === 'inProgress'));
  it('gives a case claimed under version 1 its tier’s resolution deadline from its claim', () => {
    if (!claimed) throw new Error('the fixtures hold no claimed case');
    const view = WORKFLOWS.case.view(claimed.snapshot, 1);
    const claimedAt = view.claimedAt ?? '';
    expect(view.resolutionLimit).toEqual(RESOLUTION_LIMITS[(claimed.snapshot.context as { tier: Tier }).tier]);
    expect(view.resolveBy).toBe(resolutionDeadline(claimedAt, view.resolutionLimit));
    expect(view.extensions).toEqual([]);
    expect(view.suspension).toBeNull();
  });
});

describe('a definition whose context changed shape', () => {
  const counter = setup({
    types: {} as { context: { count: number; label: string }; events: { type: 'ADD' }; input: { label: string } },
  }).createMachine({
    id: 'counter',
    context: ({ input }) => ({ count: 0, label: input.label }),
    initial: 'counting',
    states: { counting: { on: { ADD: { actions: assign({ count: ({ context }) => context.count + 1 }) } } } },
  });
  // Version 1 stored `n`; version 2 calls it `count` and adds a label.
  const v2 = defineWorkflow({
    kind: 'harmonisation',
    version: 2,
    migrations: {
      1: (s) => {
        const { n, ...rest } = s.context as { n: number };
        return { ...s, context: { ...rest, count: n, label: 'unnamed' } };
      },
    },
    machine: counter,
    tasks: () => [],
    timers: () => [],
    caseId: () => null,
    view: ({ context }) => ({ count: context.count, label: context.label }) as never,
  });
  const storedV1 = { status: 'active', value: 'counting', context: { n: 4 }, output: undefined, error: undefined } as PersistedSnapshot;

  it('migrates a snapshot of the older version on load, then steps it', () => {
    expect(v2.view(storedV1, 1)).toEqual({ count: 4, label: 'unnamed' });
    const next = v2.step(storedV1, 1, { type: 'ADD', actor: SYSTEM_ACTOR, at: '2026-11-28T00:00:00Z' } as never);
    expect(v2.view(next.snapshot, 2)).toEqual({ count: 5, label: 'unnamed' });
  });

  it('refuses a snapshot written by a newer definition than it knows', () => {
    expect(() => v2.view(storedV1, 3)).toThrow(/version 3/);
  });
});
