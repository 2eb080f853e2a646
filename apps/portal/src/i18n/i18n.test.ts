import { describe, expect, it } from 'vitest';
import { zh } from './zh.ts';
import { en } from './en.ts';

const leaves = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`)));

describe('dictionaries', () => {
  it('have the same keys and no empty text in either language', () => {
    expect(leaves(en).sort()).toEqual(leaves(zh).sort());
    for (const dict of [zh, en]) {
      for (const key of leaves(dict)) {
        const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], dict);
        expect(String(text).trim(), key).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of leaves(zh)) {
      const get = (d: object) => String(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], d));
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(get(en)), key).toEqual(holes(get(zh)));
    }
  });
});
