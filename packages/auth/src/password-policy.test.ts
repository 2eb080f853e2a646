import { describe, expect, it } from 'vitest';
import { isCommonPassword, requireStrongPassword, temporaryPassword } from './password-policy.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

describe('password policy', () => {
  it('refuses common passwords and ones built from them, keyboard runs and repeats', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(400);
    for (const p of [
      'password',
      'Password2026',
      'woaini1314',
      'woaini1314!!',
      '1qaz2wsx3edc',
      'qwertyuiop',
      '0987654321',
      'aaaaaaaaaa',
      'abababababab',
      'zxcvbnm123',
    ])
      expect(isCommonPassword(p), p).toBe(true);
    expect(isCommonPassword('wangfang-1987', 'wangfang')).toBe(true);
    for (const p of ['Tianfu-square-42', '锦江 夜里 路灯 亮了', 'correct horse battery staple']) expect(isCommonPassword(p), p).toBe(false);
  });

  it('needs ten characters, counted as characters', () => {
    expect(() => requireStrongPassword('Sh0rt-pw')).toThrow(expect.objectContaining({ reason: 'PASSWORD_TOO_SHORT', params: { min: 10 } }));
    expect(() => requireStrongPassword('成都德阳眉山资阳联盟共治')).not.toThrow();
    expect(() => requireStrongPassword('password1234')).toThrow(expect.objectContaining({ reason: 'PASSWORD_TOO_COMMON' }));
  });

  it('makes temporary passwords that pass the policy and differ each time', () => {
    const a = temporaryPassword();
    expect(a).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(() => requireStrongPassword(a)).not.toThrow();
    expect(new Set(Array.from({ length: 50 }, temporaryPassword)).size).toBe(50);
  });
});
