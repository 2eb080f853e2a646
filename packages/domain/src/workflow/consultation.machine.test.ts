import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { consultationWorkflow } from './consultation.machine.ts';
import { Harness, liaison, outcome, role, user } from './testing.ts';

const CD = '510100';
const police = user('cd-police', liaison(CD, 'police'));
const urban = user('cd-urban', liaison(CD, 'urban'));
const transport = user('cd-transport', liaison(CD, 'transport'));
const leadership = user('leader', role('leadership'));
const alliance = user('alliance', role('alliance'));

// Wednesday 30 September 2026, 10:00 in Beijing: National Day follows, Saturday 10 October is a make-up workday.
const sentAt = '2026-09-30T02:00:00.000Z';
const input = {
  id: 'd1:consultation',
  draftId: 'd1',
  office: 'leadership',
  sentBy: 'leader',
  sentAt,
  parties: [
    { inbox: `${CD}:police`, workingDays: 3 },
    { inbox: `${CD}:urban`, workingDays: 3 },
    { inbox: `${CD}:transport`, workingDays: 3 },
  ],
};
const start = () => new Harness(consultationWorkflow, input, new ManualClock(sentAt));

describe('consultation on a draft (征求意见)', () => {
  it('asks each party in its inbox, due in working days on the official calendar', () => {
    const h = start();
    expect(h.state).toBe('consulting');
    // 3 working days after 30 September: 9 and 10 October (a make-up Saturday) are the 2nd and 3rd
    expect(h.current.tasks.map((t) => [t.inbox, t.action, t.dueAt])).toEqual([
      [`${CD}:police`, 'answer-consultation', '2026-10-10T02:00:00.000Z'],
      [`${CD}:urban`, 'answer-consultation', '2026-10-10T02:00:00.000Z'],
      [`${CD}:transport`, 'answer-consultation', '2026-10-10T02:00:00.000Z'],
    ]);
  });

  it('takes one agreement, one objection with its reason, and escalates the late party to leadership', () => {
    const h = start();
    expect(outcome(() => h.send(police, { type: 'ANSWER', verdict: 'object', reason: ' ' }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(leadership, { type: 'ANSWER', verdict: 'agree', reason: '' }))).toBe('FORBIDDEN');
    h.send(police, { type: 'ANSWER', verdict: 'object', reason: '警力不足，无法承接' });
    h.send(transport, { type: 'ANSWER', verdict: 'agree', reason: '' });
    expect(outcome(() => h.send(police, { type: 'ANSWER', verdict: 'agree', reason: '' }))).toBe('FORBIDDEN');

    h.runUntil('2026-10-09T12:00:00.000Z');
    expect(h.fired).toEqual([]);
    h.runUntil('2026-10-10T03:00:00.000Z');
    expect(h.fired).toEqual([`answer-due:${CD}:urban`]);
    const view = consultationWorkflow.view(h.current.snapshot, consultationWorkflow.version);
    expect(view.parties.map((p) => [p.inbox, p.answer?.verdict ?? null, p.late])).toEqual([
      [`${CD}:police`, 'object', false],
      [`${CD}:urban`, null, true],
      [`${CD}:transport`, 'agree', false],
    ]);
    expect(view.parties[0]?.answer?.reason).toBe('警力不足，无法承接');
    expect(h.current.tasks.map((t) => [t.inbox, t.action, t.escalation])).toEqual([
      [`${CD}:urban`, 'answer-consultation', 1],
      ['leadership', 'consultation-overdue', 1],
    ]);
    // a late party may still answer
    h.send(urban, { type: 'ANSWER', verdict: 'agree', reason: '' });
    expect(h.current.tasks).toEqual([]);
  });

  it('is adopted only by its office; a scheduled adoption takes effect on its timer and each notified unit acknowledges', () => {
    const h = start();
    const adopt = { type: 'ADOPT', version: 2, effectiveAt: '2026-10-12T00:00:00.000Z', notify: [`${CD}:police`, `${CD}:urban`] };
    expect(outcome(() => h.send(alliance, adopt))).toBe('FORBIDDEN');
    h.send(leadership, adopt);
    expect(h.state).toBe('adoptionScheduled');
    expect(h.current.tasks.map((t) => [t.inbox, t.action])).toEqual([
      [`${CD}:police`, 'acknowledge-matrix'],
      [`${CD}:urban`, 'acknowledge-matrix'],
    ]);
    h.runUntil('2026-10-12T00:00:00.000Z');
    expect(h.fired).toEqual(['take-effect']);
    expect(h.state).toBe('inForce');
    h.send(police, { type: 'ACKNOWLEDGE' });
    h.send(urban, { type: 'ACKNOWLEDGE' });
    expect(h.state).toBe('closed');
  });

  it('is in force at once when adopted for now', () => {
    const h = start();
    h.send(leadership, { type: 'ADOPT', version: 2, effectiveAt: sentAt, notify: [] });
    expect(h.state).toBe('closed');
  });
});
