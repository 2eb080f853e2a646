import { describe, expect, it } from 'vitest';
import { notificationOf } from './notifications.ts';

describe('what a new task tells its inbox', () => {
  it('names reminders, supervision orders, transfers received and rulings', () => {
    expect(notificationOf('reminded', 'REMIND')).toBe('reminder');
    expect(notificationOf('answer-supervision', 'SUPERVISE')).toBe('supervision');
    expect(notificationOf('accept-transfer', null)).toBe('transfer');
    expect(notificationOf('claim', 'RULED')).toBe('ruling');
    expect(notificationOf('support', 'RULED')).toBe('ruling');
  });

  it('calls any other new task a new task, and stays quiet about waiting', () => {
    expect(notificationOf('claim', null)).toBe('task');
    expect(notificationOf('decide-extension', 'REQUEST_EXTENSION')).toBe('task');
    expect(notificationOf('await-transfer', 'TRANSFER')).toBeNull();
    expect(notificationOf('await-ruling', 'DISPUTE')).toBeNull();
  });
});
