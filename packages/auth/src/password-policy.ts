import { randomInt } from 'node:crypto';
import { DomainError } from '@gongzhi/domain';
import { COMMON_PASSWORDS } from './common-passwords.ts';

/** The shortest password anyone may choose (and what a temporary password is at least). */
export const MIN_PASSWORD_LENGTH = 10;

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz', '1qaz2wsx3edc4rfv5tgb'];

/** A run along a keyboard row or the alphabet, either way ("345678", "poiuyt"). */
function isRun(s: string): boolean {
  if (s.length < 4) return false;
  return KEYBOARD_ROWS.some((row) => row.includes(s) || [...row].reverse().join('').includes(s));
}

/** Whether a password is one of the common ones, or one built from them. */
export function isCommonPassword(password: string, username?: string): boolean {
  const p = password.toLowerCase();
  if (COMMON_PASSWORDS.has(p)) return true;
  if (new Set(p).size <= 2) return true; // "aaaaaaaaaa", "abababab"
  if (isRun(p)) return true;
  // a common word, the username, or a run, followed by digits or symbols: "password2026", "woaini1314!"
  const base = p.replace(/[\d\W_]+$/, '');
  if (base.length > 0 && base !== p && (COMMON_PASSWORDS.has(base) || isRun(base))) return true;
  if (base.length === 0 && (isRun(p.replace(/\W+$/, '')) || COMMON_PASSWORDS.has(p.replace(/\W+$/, '')))) return true;
  if (username) {
    const u = username.toLowerCase();
    if (p === u || base === u || p.includes(u) || u.includes(p)) return true;
  }
  return false;
}

/** Throws INVALID unless the password is long enough and not a common one. */
export function requireStrongPassword(password: string, username?: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('INVALID', 'PASSWORD_TOO_SHORT', `A password needs at least ${MIN_PASSWORD_LENGTH} characters`, { min: MIN_PASSWORD_LENGTH });
  }
  if (isCommonPassword(password, username)) throw new DomainError('INVALID', 'PASSWORD_TOO_COMMON', 'This password is too common');
}

// No 0/O, 1/l/I: read aloud or copied from a screen by a colleague.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password an administrator hands over: 12 characters in groups of four. */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((g) => g.join('')).join('-');
}
