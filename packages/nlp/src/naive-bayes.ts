import type { Matter, Suggestion } from '@gongzhi/domain';
import { addDomainWords, segment } from './segment.ts';

/** How much more a matter's own keyword counts than an ordinary word of an example. */
const KEYWORD_WEIGHT = 3;

export interface TrainingData {
  matters: readonly Pick<Matter, 'code' | 'name' | 'keywords'>[];
  examples: Readonly<Record<string, readonly string[]>>;
}

/** Character pairs of the Chinese runs: robust where jieba cuts a phrase differently from the examples. */
function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[\u4e00-\u9fff]+/g) ?? []) for (let i = 0; i + 1 < run.length; i++) out.push(`bg:${run.slice(i, i + 2)}`);
  return out;
}

/**
 * Features of a text, each counted once: its words, its character pairs, and each matter keyword it
 * contains (even where jieba split it).
 */
function features(text: string, keywords: readonly string[]): string[] {
  const out = new Set([...segment(text), ...bigrams(text)]);
  for (const k of keywords) if (text.includes(k)) out.add(`kw:${k}`);
  return [...out];
}

/**
 * The first suggester (kept as the baseline the benchmark compares against): naive Bayes over jieba words, character pairs and keyword hits (each present or not), trained on
 * the matters' names and keywords and the example complaints shipped with the reference data.
 * `suggest` gives the top matters with their posterior probability as the confidence.
 */
export class NaiveBayesClassifier {
  private readonly codes: string[];
  private readonly logPrior: number;
  private readonly counts: Array<Map<string, number>>;
  private readonly totals: number[];
  private readonly vocabulary: number;
  private readonly keywords: string[];

  constructor(data: TrainingData) {
    this.keywords = [...new Set(data.matters.flatMap((m) => m.keywords))];
    addDomainWords(this.keywords);
    this.codes = data.matters.map((m) => m.code);
    this.logPrior = -Math.log(this.codes.length);
    const vocabulary = new Set<string>();
    this.counts = data.matters.map((m) => {
      const bag = new Map<string, number>();
      const add = (f: string, w: number) => {
        bag.set(f, (bag.get(f) ?? 0) + w);
        vocabulary.add(f);
      };
      for (const f of features(m.name.zh, this.keywords)) add(f, 1);
      for (const k of m.keywords) {
        add(`kw:${k}`, KEYWORD_WEIGHT);
        for (const f of features(k, this.keywords)) add(f, KEYWORD_WEIGHT);
      }
      for (const example of data.examples[m.code] ?? []) for (const f of features(example, this.keywords)) add(f, 1);
      return bag;
    });
    this.totals = this.counts.map((bag) => [...bag.values()].reduce((a, b) => a + b, 0));
    this.vocabulary = vocabulary.size;
  }

  /** The `k` likeliest matters for a complaint, most likely first, confidences summing to at most 1. */
  suggest(text: string, k = 3): Suggestion[] {
    const fs = features(text, this.keywords);
    // One bag of feature counts per matter, in the order of `codes`.
    const scores = this.counts.map((bag, i) => {
      const total = this.totals[i] ?? 0;
      let s = this.logPrior;
      for (const f of fs) s += Math.log(((bag.get(f) ?? 0) + 1) / (total + this.vocabulary));
      return s;
    });
    const max = Math.max(...scores);
    const weights = scores.map((s) => Math.exp(s - max));
    const sum = weights.reduce((a, b) => a + b, 0);
    return this.codes
      .map((matterCode, i) => ({ matterCode, confidence: Math.round(((weights[i] ?? 0) / sum) * 1000) / 1000 }))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, k);
  }
}
