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

describe('server error reasons', () => {
  it('every reason the server can send has a message in both languages', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../../../../packages/', import.meta.url).pathname;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === 'node_modules') continue;
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) files.push(path);
      }
    };
    walk(root);
    const reasons = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/DomainError\(\s*'[A-Z_]+',\s*'([A-Z_]+)'/g)) reasons.add(m[1]!);
      for (const m of text.matchAll(/\binvalid\(\s*'([A-Z_]+)'/g)) reasons.add(m[1]!);
    }
    expect(reasons.size).toBeGreaterThan(20);
    for (const reason of reasons) {
      expect(zh.errors, reason).toHaveProperty(reason);
      expect(en.errors, reason).toHaveProperty(reason);
    }
  });
});
