import { readFileSync } from 'node:fs';

/** One labelled text; `kind` says how it was written, `split` where it is used. */
export interface LabelledText {
  matter: string;
  text: string;
  kind: 'plain' | 'colloquial' | 'operator' | 'hard' | 'seed' | 'correction';
  split: 'train' | 'validation';
}

const read = (name: string) =>
  readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));

const PLACES = [
  '成华区建设路',
  '武侯区玉林北路',
  '金牛区一品天下',
  '青羊区宽窄巷子旁',
  '锦江区春熙路',
  '高新区天府三街',
  '双流区东升街道',
  '郫都区犀浦',
  '温江区光华大道',
  '新都区桂湖路',
  '龙泉驿区驿都大道',
  '天府新区华阳',
];
const FRAMES: Record<'plain' | 'colloquial' | 'operator', ((core: string, place: string) => string)[]> = {
  plain: [(c, p) => `${p}${c}。`, (c) => `${c}，希望处理。`, (c, p) => `我家在${p}，${c}。`],
  colloquial: [(c) => `${c}，硬是没得人管哦。`, (c) => `哎呀${c}嘛，烦得很，哪个来管一下嘛。`, (c, p) => `${p}这边${c}，好久了都没人管。`],
  operator: [
    (c, p) => `来电人反映：${p}${c}，请相关部门核实处理。`,
    (c, p) => `市民通过12345反映，${p}${c}，要求尽快处理。`,
    (c) => `诉求人称${c}，希望尽快解决。`,
  ],
};

/**
 * Matters a caller most often mentions while meaning another: composed "不是 X，是 Y" and
 * "X 的问题倒不大，主要是 Y" examples teach the model to follow the clause with the request.
 */
const CONFUSABLE: Record<string, string[]> = {
  'ADV-01': ['FAC-01', 'ADV-04', 'ADV-03'],
  'ADV-02': ['ADV-01', 'ADV-03'],
  'ADV-03': ['ADV-01', 'ADV-02'],
  'ADV-04': ['ADV-01', 'ADV-03'],
  'VEN-01': ['VEN-02', 'VEN-04'],
  'VEN-02': ['VEN-01', 'VEN-04'],
  'VEN-03': ['VEN-02', 'FUM-03'],
  'VEN-04': ['VEN-01', 'VEN-02'],
  'VEN-05': ['VEN-01'],
  'NOI-01': ['NOI-02', 'NOI-04'],
  'NOI-02': ['NOI-01', 'NOI-03'],
  'NOI-03': ['NOI-02', 'NOI-04'],
  'NOI-04': ['NOI-02', 'NOI-01'],
  'NOI-05': ['NOI-02', 'NOI-01'],
  'CON-01': ['CON-03', 'CON-02'],
  'CON-02': ['CON-01', 'WST-03'],
  'CON-03': ['CON-01', 'NOI-02'],
  'SAN-01': ['SAN-02', 'SAN-03'],
  'SAN-02': ['SAN-03', 'SAN-01'],
  'SAN-03': ['SAN-02', 'WST-03'],
  'SAN-04': ['FAC-03', 'SAN-01'],
  'FAC-01': ['ADV-01', 'FAC-04'],
  'FAC-02': ['FAC-03'],
  'FAC-03': ['FAC-02', 'SAN-04'],
  'FAC-04': ['FAC-01', 'SAN-03'],
  'FAC-05': ['VEN-01', 'VEN-02'],
  'FUM-01': ['FUM-02', 'FUM-03'],
  'FUM-02': ['FUM-01'],
  'FUM-03': ['FUM-01', 'FUM-02'],
  'WST-01': ['WST-04', 'NOI-02'],
  'WST-02': ['WST-01', 'WST-03'],
  'WST-03': ['SAN-03', 'WST-02'],
  'WST-04': ['WST-01', 'WST-02'],
};

/** Every `fifth` core (with all texts composed from it) is held out for validation, so no phrase leaks across. */
const isValidation = (i: number) => i % 5 === 2;

/**
 * The training texts written for the classifier (data/): per matter about a dozen hand-written
 * complaint cores, each put in a plain, a colloquial (Sichuan) and a hotline operator's frame, one
 * composed contrast per core against a matter callers confuse it with, and hand-written hard
 * cases. The test set (test-data/complaints-test.tsv) is never read here.
 */
export function baseTrainingTexts(): LabelledText[] {
  const cores = new Map<string, string[]>();
  for (const [matter = '', core = ''] of read('train-cores.tsv')) cores.set(matter, [...(cores.get(matter) ?? []), core]);
  const out: LabelledText[] = [];
  for (const [matter, list] of cores) {
    list.forEach((core, i) => {
      const split = isValidation(i) ? 'validation' : 'train';
      const place = PLACES[(i * 7 + matter.length) % PLACES.length] ?? '';
      for (const kind of ['plain', 'colloquial', 'operator'] as const) {
        const frames = FRAMES[kind];
        out.push({ matter, kind, split, text: frames[i % frames.length]?.(core, place) ?? core });
      }
      const others = CONFUSABLE[matter] ?? [];
      const other = others[i % Math.max(1, others.length)];
      const otherCores = other ? cores.get(other) : undefined;
      if (otherCores) {
        const ruledOut = otherCores[i % otherCores.length]?.split('，')[0] ?? '';
        const text = i % 2 === 0 ? `不是${ruledOut}，是${core}。` : `${ruledOut}倒没问题，问题是${core}。`;
        out.push({ matter, kind: 'hard', split, text });
      }
    });
  }
  read('train-hard.tsv').forEach(([matter = '', text = ''], i) => out.push({ matter, text, kind: 'hard', split: isValidation(i) ? 'validation' : 'train' }));
  return out;
}

/** A labelled test file of this package (test-data/), rows of matter, kind and text. */
export function readTestSet(name: 'complaints-test.tsv' | 'complaints-labelled.tsv'): { matter: string; kind: string; text: string }[] {
  return readFileSync(new URL(`../test-data/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [matter = '', second = '', third] = line.split('\t');
      return third === undefined ? { matter, kind: 'labelled', text: second } : { matter, kind: second, text: third };
    });
}
