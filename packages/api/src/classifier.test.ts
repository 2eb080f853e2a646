import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, MATRIX_V1_MATTERS, type Membership, type Principal } from '@gongzhi/domain';
import { listCorrections, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { defaultClassifier, LiveClassifier } from '@gongzhi/nlp';
import { InboxBus } from './inbox-bus.ts';
import { callerAs, codeOf, quickTrainer } from './testing.ts';
import { refreshClassifier, retrainIfCorrected, unlearnedMatters } from './use-cases/retrain-classifier.ts';

const alliance = loadAlliance();
const CD = '510100';
const person = (username: string, ...memberships: Membership[]): Principal => ({ userId: username, username, displayName: username, memberships });
const liaison = (dept: Membership['departmentCode']) => person(`cd-${dept}`, { role: 'liaison', cityAdcode: CD, departmentCode: dept });
const role = (r: Membership['role']) => person(`cd-${r}`, { role: r, cityAdcode: CD, departmentCode: null });
const TIANFU = { lon: 104.0657, lat: 30.6574 };
const BIKE_EXAMPLES = [
  '小区门口的共享单车停得乱七八糟，把盲道都占了',
  '地铁站出口共享单车堆成一堆，行人过不去',
  '很多共享电单车乱停在人行道上，请督促企业清理',
];

describe.each(testTargets())('classifier corrections and retraining on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const bus = new InboxBus();
  const models = new LiveClassifier(defaultClassifier());
  const as = callerAs(() => ({ db: handle.db, clock, alliance, bus, classifier: models, models, trainer: quickTrainer }));
  const code = codeOf;
  const coordinator = () => as(role('coordinator'));
  const leadership = () => as(role('leadership'));
  const corrections = async () =>
    (await listCorrections(handle.db)).map((c) => ({ source: c.source, matterCode: c.matterCode, suggested: c.suggested, text: c.text }));

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('explains a suggestion: the words behind the top matter and the clause taken as the request', async () => {
    const { suggestions, explanation } = await coordinator().case.suggest({ text: '路灯是好的，问题是灯杆上挂满了横幅' });
    expect(suggestions[0]?.matterCode).toBe('ADV-01');
    expect(explanation?.request).toContain('灯杆');
    expect(explanation?.ruledOut.join('')).toContain('路灯');
    expect(explanation?.terms.length).toBeGreaterThan(0);
  });

  it('records an operator overriding the suggestion at intake, and not one agreeing with it', async () => {
    await coordinator().case.intake({ matter: 'VEN-02', ...TIANFU, description: '商户出店经营占用人行道', source: 'hotline' });
    expect(await corrections()).toEqual([]);
    await coordinator().case.intake({ matter: 'VEN-02', ...TIANFU, description: '路边烧烤摊油烟很大', source: 'hotline' });
    expect(await corrections()).toEqual([{ source: 'intake', matterCode: 'VEN-02', suggested: 'FUM-02', text: '路边烧烤摊油烟很大' }]);
  });

  it('records a triage routing, an accepted transfer and a ruling as labels of the case text', async () => {
    const vague = await coordinator().case.intake({ ...TIANFU, description: '这里有点问题麻烦来看看', source: 'hotline' });
    expect(vague.route).toBeNull();
    await coordinator().case.route({ caseId: vague.caseId, matterCode: 'SAN-01' });

    const moved = await coordinator().case.intake({ matter: 'VEN-02', ...TIANFU, description: '店家把货摆到门外人行道上', source: 'hotline' });
    await as(liaison('urban')).case.transfer({ caseId: moved.caseId, to: 'market', citedMatter: 'VEN-03', reason: '疑似无照经营' });
    const transfer = (await as(liaison('urban')).case.get({ caseId: moved.caseId })).workflows.find((w) => w.kind === 'transfer');
    await as(liaison('market')).transfer.accept({ workflowId: transfer?.id ?? '' });

    const disputed = await coordinator().case.intake({ matter: 'VEN-02', ...TIANFU, description: '店家把货摆到门外人行道上', source: 'hotline' });
    await as(liaison('urban')).case.transfer({ caseId: disputed.caseId, to: 'market', citedMatter: 'VEN-03', reason: '疑似无照经营' });
    const second = (await as(liaison('urban')).case.get({ caseId: disputed.caseId })).workflows.find((w) => w.kind === 'transfer');
    await as(liaison('market')).transfer.reject({ workflowId: second?.id ?? '', reason: '持照经营' });
    const dispute = (await leadership().dispute.list()).find((d) => d.caseId === disputed.caseId);
    await leadership().dispute.rule({ workflowId: dispute?.id ?? '', lead: 'urban', supports: ['market'], reasons: '店外经营由城管主办' });

    expect((await corrections()).slice(1)).toEqual([
      { source: 'triage', matterCode: 'SAN-01', suggested: 'NOI-01', text: '这里有点问题麻烦来看看' },
      { source: 'transfer', matterCode: 'VEN-03', suggested: null, text: '店家把货摆到门外人行道上' },
      { source: 'ruling', matterCode: 'VEN-02', suggested: null, text: '店家把货摆到门外人行道上' },
    ]);
  });

  it('shows leadership the corrections and versions; a liaison and a coordinator may not see or retrain', async () => {
    expect(await code(as(liaison('urban')).classifier.status())).toBe('FORBIDDEN');
    expect(await code(coordinator().classifier.retrain())).toBe('FORBIDDEN');
    expect(await code(as(role('alliance')).classifier.retrain())).toBe('FORBIDDEN');
    const status = await leadership().classifier.status();
    expect(status.corrections).toEqual({ intake: 1, triage: 1, transfer: 1, ruling: 1 });
    expect(status.inUse).toBeNull();
    expect(status.versions).toEqual([]);
    expect(status.shipped?.test.top1).toBeGreaterThan(0.9);
    expect(status.recent[0]).toMatchObject({ source: 'ruling', caseNumber: expect.any(Number) });
  });

  it('retrains on demand: a stored, measured version in use here at once and in another process at its next check', async () => {
    const result = await leadership().classifier.retrain();
    expect(result).toMatchObject({ version: 1, corrections: 4 });
    expect(result.test.n).toBe(8 * MATRIX_V1_MATTERS.length);
    expect(models.version).toBe(1);
    const status = await leadership().classifier.status();
    expect(status).toMatchObject({ inUse: 1, versions: [{ version: 1, trainedBy: 'cd-leadership', correctionsUpTo: expect.any(Number) }] });
    expect(status.changed.length).toBeGreaterThan(0);
    const elsewhere = new LiveClassifier(defaultClassifier());
    expect(await refreshClassifier({ ctx: { db: handle.db, models: elsewhere } })).toBe(1);
    expect(elsewhere.suggest('这里有点问题麻烦来看看')).toEqual(models.suggest('这里有点问题麻烦来看看'));
  });

  it('names the matters of the matrix in force that the model in use has not learned, and says so at once after an amendment', async () => {
    const ctx = { db: handle.db, models };
    expect(await unlearnedMatters({ ctx })).toEqual([]);
    let told = 0;
    const stop = models.onStale(() => told++);
    const { version: basedOn } = (await leadership().matrix.versions())[0]!;
    const sign = MATRIX_V1_MATTERS.find((m) => m.code === 'ADV-01')!;
    await leadership().matrix.amend({
      basedOn,
      reason: '新增共享单车乱停放事项',
      matter: {
        ...sign,
        code: 'FAC-06',
        name: { zh: '共享单车乱停放', en: 'Shared bikes parked badly' },
        keywords: ['共享单车', '乱停'],
        examples: BIKE_EXAMPLES,
      },
    });
    stop();
    expect(told).toBe(1);
    expect(await unlearnedMatters({ ctx })).toEqual(['FAC-06']);
    expect((await leadership().matrix.matter({ code: 'FAC-06' })).examples).toEqual(BIKE_EXAMPLES);
  });

  it('retrains on schedule only when corrections came in since the newest version', async () => {
    const ctx = { db: handle.db, clock, models, trainer: quickTrainer };
    expect(await retrainIfCorrected({ ctx, input: { by: 'schedule' } })).toBeNull();
    await coordinator().case.intake({ matter: 'SAN-01', ...TIANFU, description: '路边烧烤摊油烟很大', source: 'hotline' });
    expect(await retrainIfCorrected({ ctx, input: { by: 'schedule' } })).toMatchObject({ version: 2, corrections: 5 });
    // The matter the amendment added is learned from its name, keywords and example complaints.
    expect(await unlearnedMatters({ ctx })).toEqual([]);
    expect(models.suggest('小区门口共享单车乱停一大片').map((s) => s.matterCode)).toContain('FAC-06');
    for (const text of BIKE_EXAMPLES) expect(models.suggest(text)[0]?.matterCode).toBe('FAC-06');
  });

  it('learns example complaints added to a matter it knows: the amendment keeps them, and the matter is unlearned until retrained', async () => {
    const ctx = { db: handle.db, models };
    const { version: basedOn } = (await leadership().matrix.versions())[0]!;
    const { matrixVersion: _v, examples: _examples, ...rest } = await leadership().matrix.matter({ code: 'FAC-06' });
    await leadership().matrix.amend({ basedOn, reason: '补充示例诉求', matter: { ...rest, examples: [...BIKE_EXAMPLES, '楼下共享单车倒了一地没人管'] } });
    expect(await unlearnedMatters({ ctx })).toEqual(['FAC-06']);
    // An amendment that leaves the examples out keeps them.
    await leadership().matrix.amend({ basedOn: basedOn + 1, reason: '调整处置时限', matter: { ...rest, resolution: { amount: 3, unit: 'workingDays' } } });
    expect((await leadership().matrix.matter({ code: 'FAC-06' })).examples).toHaveLength(4);
  });
});
