import { describe, expect, it } from 'vitest';
import { canonicalJson, hashEntry } from './audit.ts';

describe('audit entries hash as they always did', () => {
  // Stored chains are verified by hashing their entries again: the canonical form and the digest of
  // an entry must never change, whatever the code that computes them.
  const entry = {
    chain: 'c-1',
    seq: 3,
    at: new Date('2026-11-29T01:02:03.004Z'),
    actor: '张三',
    unit: 'unit:510100:UM',
    action: 'case.WARN',
    workflowId: 'w-1',
    payload: { z: [1, undefined, { b: 2, a: '油烟' }], a: null, m: undefined },
    prevHash: 'ab'.repeat(32),
  };

  it('sorts keys at every level, drops undefined members and writes undefined array items as null', () => {
    expect(canonicalJson(entry.payload)).toBe('{"a":null,"z":[1,null,{"a":"油烟","b":2}]}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ only: undefined })).toBe('{}');
    expect(canonicalJson('引号"与\\')).toBe('"引号\\"与\\\\"');
  });

  it('gives an entry the digest it was given when the chain was written', () => {
    expect(hashEntry(entry)).toBe('1f8c578be544fea2199c0608c65ea3e22275a086d9b8107a9f6825596fb6cc10');
  });
});
