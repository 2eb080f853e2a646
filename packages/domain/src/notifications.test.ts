import { describe, expect, it } from 'vitest';
import { SYSTEM, type Actor } from './workflow/index.ts';
import { notificationOf } from './notifications.ts';

const URBAN = '510100:urban';
const user = (role: 'liaison' | 'coordinator' | 'leadership', departmentCode: 'urban' | null = null): Actor => ({
  kind: 'user',
  userId: role,
  username: role,
  memberships: [{ role, cityAdcode: '510100', departmentCode }],
});
const coordinator = user('coordinator');
const of = (action: Parameters<typeof notificationOf>[0]['action'], event: string | null, actor: Actor = coordinator) =>
  notificationOf({ inbox: URBAN, action }, { event, actor });

describe('what a new task tells its inbox', () => {
  it('names reminders, supervision orders, transfers received and rulings', () => {
    expect(of('reminded', 'REMIND')).toBe('reminder');
    expect(of('answer-supervision', 'SUPERVISE', user('leadership'))).toBe('supervision');
    expect(of('accept-transfer', null)).toBe('transfer');
    expect(of('claim', 'RULED', user('leadership'))).toBe('ruling');
    expect(of('support', 'RULED', user('leadership'))).toBe('ruling');
  });

  it('calls any other new task a new task, and stays quiet about waiting', () => {
    expect(of('claim', null)).toBe('task');
    expect(of('overdue', 'ESCALATE', SYSTEM('timer:escalate-1'))).toBe('task');
    expect(of('await-transfer', 'TRANSFER')).toBeNull();
    expect(of('await-ruling', 'DISPUTE')).toBeNull();
  });

  it('tells an inbox nothing its own people did', () => {
    expect(of('work', 'CLAIM', user('liaison', 'urban'))).toBeNull();
    expect(notificationOf({ inbox: 'coordinator:510100', action: 'decide-suspension' }, { event: 'REQUEST_SUSPENSION', actor: user('liaison', 'urban') })).toBe(
      'task',
    );
  });
});
