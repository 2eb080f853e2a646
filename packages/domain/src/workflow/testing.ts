import type { Membership } from '../principal.ts';
import { DomainError } from '../errors.ts';
import { ManualClock } from '../clock.ts';
import type { Actor } from './actor.ts';
import type { StepResult, Workflow, WorkflowEvent } from './step.ts';
import type { Effect, InputOf, WorkflowKind } from './types.ts';

/** Test actors: `user('cd-urban', liaison('510100', 'urban'))`. */
export const user = (username: string, ...memberships: Membership[]): Actor => ({ kind: 'user', userId: username, username, memberships });
export const liaison = (city: string, dept: Membership['departmentCode']): Membership => ({ role: 'liaison', cityAdcode: city, departmentCode: dept });
export const supervisor = (city: string, dept: Membership['departmentCode']): Membership => ({ role: 'supervisor', cityAdcode: city, departmentCode: dept });
export const role = (r: Membership['role'], city = '510100'): Membership => ({ role: r, cityAdcode: city, departmentCode: null });
export const SYSTEM_ACTOR: Actor = { kind: 'system', reason: 'timer' };
export const REPORTER: Actor = { kind: 'reporter' };

/**
 * Drives one workflow the way the server does (persisted JSON in, persisted JSON out) on a
 * manual clock, and can play its timers in order, so days of deadlines run in milliseconds.
 */
export class Harness<K extends WorkflowKind = WorkflowKind> {
  current: StepResult;
  effects: Effect[] = [];
  fired: string[] = [];

  constructor(
    readonly def: Workflow<K>,
    input: object,
    readonly clock = new ManualClock('2026-11-27T01:00:00Z'),
  ) {
    // Tests write inputs and events as plain literals; the machine's guards check them as the server does.
    this.current = def.start(input as InputOf<K>);
    this.effects.push(...this.current.effects);
  }

  get state() {
    return this.current.state;
  }
  get context(): Record<string, any> {
    return this.current.snapshot.context as Record<string, any>;
  }

  send(actor: Actor, event: { type: string } & Record<string, unknown>): StepResult {
    const envelope = { ...event, actor, at: this.clock.now().toISOString() } as WorkflowEvent;
    this.current = this.def.step(this.current.snapshot, this.def.version, envelope);
    this.effects.push(...this.current.effects);
    return this.current;
  }

  /** Moves the clock to `until`, firing every timer that falls due on the way, in order. */
  runUntil(until: string): void {
    for (;;) {
      const next = [...this.current.timers].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
      if (!next || next.dueAt > until) break;
      this.clock.set(next.dueAt);
      this.fired.push(next.key);
      this.send(SYSTEM_ACTOR, next.event);
    }
    this.clock.set(until);
  }
}

/** The error code a step is refused with, or 'OK': `expect(outcome(() => h.send(...))).toBe('FORBIDDEN')`. */
export function outcome(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'OK';
}
