import { describe, expect, it } from 'vitest';
import { MATRIX_V1_MATTERS, splitOfText } from '@gongzhi/domain';
import { defaultClassifier } from './default.ts';
import { MatterClassifier, trainMatterModel } from './model.ts';
import { changedMatters, LiveClassifier, matrixTrainingSet, testFigures, trainingTexts } from './retrain.ts';

// Four matters keep the training to seconds; the mechanism is the one the full retrain uses.
const CODES = ['VEN-01', 'VEN-02', 'FUM-02', 'SAN-01'];
const matters = MATRIX_V1_MATTERS.filter((m) => CODES.includes(m.code));
const train = (corrections: { text: string; matterCode: string }[] = []) =>
  new MatterClassifier(
    trainMatterModel(
      matters,
      trainingTexts(corrections).filter((t) => CODES.includes(t.matter)),
      new Date('2026-11-28T00:00:00Z'),
    ),
  );

describe('learning from corrections', () => {
  it('a retrain on corrections changes the prediction they correct', () => {
    const probe = '小区门口卖水果的三轮车天天堵着';
    const before = train();
    expect(before.suggest(probe)[0]?.matterCode).toBe('VEN-01');
    // Coordinators kept routing these to sanitation: the retrained model follows them.
    const corrections = [
      '小区门口卖菜的三轮车堵着路',
      '卖水果的三轮车停在小区门口',
      '三轮车在小区门口卖东西',
      '小区大门口摆摊卖水果的三轮车',
      '门口三轮车卖水果挡路',
      '水果三轮车天天在小区门口',
    ];
    const after = train(corrections.map((text) => ({ text, matterCode: 'SAN-01' })));
    expect(after.suggest(probe)[0]?.matterCode).toBe('SAN-01');
    expect(after.model.training.corrections).toBe(corrections.length);
  }, 600_000);

  it('puts corrections in a stable split, never the test set in training', () => {
    const texts = trainingTexts([{ text: '一条纠正', matterCode: 'SAN-01' }]);
    const correction = texts.find((t) => t.kind === 'correction');
    expect(correction?.split).toBe(splitOfText('一条纠正'));
    expect(texts.filter((t) => t.kind === 'correction')).toHaveLength(1);
  });

  it('swaps the model in place for every holder, and names the matters whose accuracy moved', () => {
    const shipped = defaultClassifier();
    const live = new LiveClassifier(shipped);
    expect(live.version).toBeNull();
    expect(live.threshold).toBe(shipped.threshold);
    const small = train();
    live.swap(small.model, 3);
    expect(live.version).toBe(3);
    expect(live.suggest('楼下烧烤烟大')[0]?.matterCode).toBe(small.suggest('楼下烧烤烟大')[0]?.matterCode);
    expect(live.beginTraining('leader', new Date())).toBe(true);
    expect(live.beginTraining('other', new Date())).toBe(false);
    live.endTraining();
    const full = testFigures(shipped);
    const changed = changedMatters(full, { ...full, perMatter: { ...full.perMatter, 'SAN-01': { n: 8, top1: 0.5 } } });
    expect(changed.map((c) => c.matterCode)).toEqual(full.perMatter['SAN-01']?.top1 === 0.5 ? [] : ['SAN-01']);
  });
});

describe('training under a matrix', () => {
  it('drops a retired matter from the classes and teaches its texts to the successor', () => {
    const matters = MATRIX_V1_MATTERS.map((m) => (m.code === 'VEN-03' ? { ...m, successor: 'VEN-01' } : m));
    const corrections = [{ text: '夜市摊位没有办证', matterCode: 'VEN-03' }];
    const { matters: classes, texts } = matrixTrainingSet({ matters }, corrections);
    expect(classes.map((m) => m.code)).not.toContain('VEN-03');
    expect(classes).toHaveLength(MATRIX_V1_MATTERS.length - 1);
    expect(texts.filter((t) => t.matter === 'VEN-03')).toEqual([]);
    const before = trainingTexts(corrections);
    expect(texts.filter((t) => t.matter === 'VEN-01')).toHaveLength(before.filter((t) => t.matter === 'VEN-01' || t.matter === 'VEN-03').length);
    expect(texts.find((t) => t.kind === 'correction')).toMatchObject({ matter: 'VEN-01', text: '夜市摊位没有办证' });
  });
});
