import type { Matter } from '@gongzhi/domain';
import { clauses, type Clause } from './clauses.ts';
import { addDomainWords, segment } from './segment.ts';

export type KeywordMatter = Pick<Matter, 'code' | 'keywords'>;

/** How much the clause carrying the request counts against plain context. */
const REQUEST_WEIGHT = 1.6;
/** Words of a clause the caller ruled out: kept as their own (prefixed) features, at lower weight. */
const NEGATED_WEIGHT = 0.6;

export interface Featurizer {
  /** Sparse feature vector (L2-normalised) and the clauses it was read from. */
  features(text: string): { vector: Map<string, number>; clauses: Clause[] };
}

const HAN = /[\u4e00-\u9fff]+/g;

/** The raw features of one clause: jieba words, characters, character pairs, keywords and the matters they usually mean. */
function clauseFeatures(text: string, keywords: readonly KeywordMatter[]): string[] {
  const out = new Set<string>();
  for (const w of segment(text)) out.add(`w:${w}`);
  for (const run of text.match(HAN) ?? []) {
    for (let i = 0; i < run.length; i++) {
      out.add(`c:${run[i]}`);
      if (i + 1 < run.length) out.add(`b:${run.slice(i, i + 2)}`);
    }
  }
  for (const m of keywords) {
    for (const k of m.keywords) {
      if (!text.includes(k)) continue;
      out.add(`k:${k}`);
      out.add(`m:${m.code}`);
    }
  }
  return [...out];
}

export function createFeaturizer(matters: readonly KeywordMatter[]): Featurizer {
  addDomainWords(matters.flatMap((m) => m.keywords));
  return {
    features(text) {
      const parts = clauses(text);
      const vector = new Map<string, number>();
      const add = (f: string, w: number) => vector.set(f, Math.max(vector.get(f) ?? 0, w));
      for (const c of parts) {
        const fs = clauseFeatures(c.text, matters);
        if (c.role === 'negated') for (const f of fs) add(`n:${f}`, NEGATED_WEIGHT);
        else for (const f of fs) add(f, c.role === 'request' ? REQUEST_WEIGHT : 1);
      }
      add('bias', 1);
      let norm = 0;
      for (const v of vector.values()) norm += v * v;
      norm = Math.sqrt(norm);
      for (const [f, v] of vector) vector.set(f, v / norm);
      return { vector, clauses: parts };
    },
  };
}

/** The words a person would recognise behind a feature name (null for the bias and matter indicators). */
export function surface(feature: string): string | null {
  const f = feature.startsWith('n:') ? feature.slice(2) : feature;
  if (f === 'bias' || f.startsWith('m:')) return null;
  return f.slice(2);
}
