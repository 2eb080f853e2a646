import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Membership, type Principal } from '@gongzhi/domain';
import { seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { InboxBus } from './inbox-bus.ts';
import { callerAs, codeOf } from './testing.ts';

const alliance = loadAlliance();
const CD = '510100';
const DY = '510600';
const person = (username: string, ...memberships: Membership[]): Principal => ({ userId: username, username, displayName: username, memberships });
const liaison = (dept: Membership['departmentCode'], city = CD) => person(`${city}-${dept}`, { role: 'liaison', cityAdcode: city, departmentCode: dept });
const role = (r: Membership['role'], city = CD) => person(`${city}-${r}`, { role: r, cityAdcode: city, departmentCode: null });
const TIANFU = { lon: 104.0657, lat: 30.6574 };
const TIANFU_NORTH = (metres: number) => ({ lon: 104.0757, lat: 30.6674 + metres / 111_194.9 });

describe.each(testTargets())('workflow procedures on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const bus = new InboxBus();
  const as = callerAs(() => ({
    db: handle.db,
    clock,
    alliance,
    bus,
    // A stand-in classifier: sure about barbecues, clueless otherwise.
    classifier: { suggest: (text: string) => (text.includes('烧烤') ? [{ matterCode: 'FUM-02', confidence: 0.92 }] : []) },
  }));
  const code = codeOf;
  const urban = () => as(liaison('urban'));
  const market = () => as(liaison('market'));
  const coordinator = () => as(role('coordinator'));
  const intake = (extra: Record<string, unknown> = {}) =>
    coordinator().case.intake({
      matter: 'VEN-02',
      ...TIANFU,
      description: '商户出店经营占用人行道',
      source: 'hotline',
      reporterName: '李女士',
      reporterPhone: '13900000000',
      ...extra,
    });

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  let unlisten = async () => {};
  // Publish announced changes the way the server's LISTEN does.
  beforeAll(async () => {
    unlisten = await handle.listen('gongzhi_inbox', (payload) => bus.publishPayload(payload));
  });
  afterAll(async () => {
    await unlisten();
    await handle?.close();
  });

  it('takes in a case and shows it in the lead unit’s inbox, with contact data only for units working it', async () => {
    const { caseId, number, route } = await intake();
    expect(route!.lead.id).toBe(`${CD}:urban`);
    const inbox = await urban().case.inbox();
    expect(inbox.find((t) => t.caseId === caseId)).toMatchObject({ action: 'claim', caseNumber: number });
    expect((await urban().case.get({ caseId })).case.reporter).toEqual({ name: '李女士', phone: '13900000000', email: null });
    expect((await coordinator().case.get({ caseId })).case.reporter).toBeNull();
    expect(await code(as(liaison('water')).case.get({ caseId }))).toBe('FORBIDDEN');
    expect(await code(as(role('coordinator', DY)).case.get({ caseId }))).toBe('FORBIDDEN');
    expect((await as(role('leadership')).case.get({ number })).case.id).toBe(caseId);
  });

  it('refuses intake to the alliance office and to anonymous callers, and bad input with BAD_REQUEST', async () => {
    expect(await code(as(role('alliance')).case.intake({ matter: 'VEN-02', ...TIANFU, description: 'x', source: 'app' }))).toBe('FORBIDDEN');
    expect(await code(as(null).case.intake({ matter: 'VEN-02', ...TIANFU, description: 'x', source: 'app' }))).toBe('UNAUTHORIZED');
    expect(await code(intake({ description: 'x'.repeat(4001) }))).toBe('BAD_REQUEST');
    expect(await code(intake({ lon: 116.4, lat: 39.9 }))).toBe('BAD_REQUEST');
  });

  it('refuses every case action to a unit or role that may not do it', async () => {
    const { caseId } = await intake();
    expect(await code(market().case.claim({ caseId }))).toBe('FORBIDDEN');
    expect(await code(market().case.transfer({ caseId, to: 'planning', citedMatter: 'ADV-03', reason: '转' }))).toBe('FORBIDDEN');
    expect(await code(urban().case.transfer({ caseId, to: 'planning', citedMatter: 'VEN-02', reason: '转' }))).toBe('BAD_REQUEST');
    await urban().case.claim({ caseId });
    expect(await code(urban().case.claim({ caseId }))).toBe('CONFLICT');
    await urban().case.start({ caseId });
    expect(await code(market().case.resolve({ caseId, note: '代办' }))).toBe('FORBIDDEN');
    await urban().case.resolve({
      caseId,
      note: '已处理',
      enforcement: {
        measure: 'persuasion',
        fineAmount: null,
        detainedItems: [],
        severity: 'minor',
        firstOffence: true,
        subject: { kind: 'person', name: '摊主' },
      },
    });
    expect(await code(urban().case.confirm({ caseId, satisfied: true }))).toBe('FORBIDDEN');
    await coordinator().case.confirm({ caseId, satisfied: true });
    expect(await code(urban().case.reopen({ caseId, reason: '复发' }))).toBe('FORBIDDEN');
    expect(await code(as(role('coordinator', DY)).case.reopen({ caseId, reason: '复发' }))).toBe('FORBIDDEN');
    expect(await code(urban().case.start({ caseId, version: 1 }))).toBe('CONFLICT');
  });

  it('guards transfers and disputes: target only, parties only, leadership rules', async () => {
    const { caseId } = await intake();
    await urban().case.transfer({ caseId, to: 'market', citedMatter: 'VEN-03', reason: '疑似无照经营' });
    const transfer = (await urban().case.get({ caseId })).workflows.find((w) => w.kind === 'transfer')!;
    expect(await code(urban().transfer.accept({ workflowId: transfer.id }))).toBe('FORBIDDEN');
    expect(await code(as(liaison('police')).transfer.reject({ workflowId: transfer.id, reason: 'x' }))).toBe('FORBIDDEN');
    await market().transfer.reject({ workflowId: transfer.id, reason: '持照经营' });
    const disputes = await as(role('leadership')).dispute.list();
    const dispute = disputes.find((d) => d.caseId === caseId)!;
    expect(dispute.state).toBe('statements');
    expect(await code(as(liaison('police')).dispute.statement({ workflowId: dispute.id, text: '无关', clauses: ['VEN-04'] }))).toBe('FORBIDDEN');
    await urban().dispute.statement({ workflowId: dispute.id, text: '应由市场监管主办', clauses: ['VEN-03'] });
    expect(await code(urban().dispute.rule({ workflowId: dispute.id, lead: 'urban', supports: [], reasons: '自己裁' }))).toBe('FORBIDDEN');
    expect(await code(coordinator().dispute.rule({ workflowId: dispute.id, lead: 'urban', supports: [], reasons: '协调员裁' }))).toBe('FORBIDDEN');
    await as(role('leadership')).dispute.rule({ workflowId: dispute.id, lead: 'urban', supports: ['market'], reasons: '店外经营由城管主办' });
    expect(await code(coordinator().dispute.promote({ workflowId: dispute.id, reason: '修订' }))).toBe('FORBIDDEN');
    expect((await as(role('leadership')).dispute.precedents({ matterCode: 'VEN-02' })).map((p) => p.id)).toContain(dispute.id);
    const mine = await urban().case.inbox();
    expect(mine.find((t) => t.caseId === caseId && t.kind === 'case')).toMatchObject({ action: 'claim' });
    expect(await code(urban().case.transfer({ caseId, to: 'market', citedMatter: 'VEN-03', reason: '再转' }))).toBe('FORBIDDEN');
  });

  it('refuses promoting a ruling that is what the matrix already says, and a matrix edit that changes nothing', async () => {
    const { caseId } = await intake({ matter: 'ADV-01', description: '门头招牌未经审批设置' });
    await urban().case.transfer({ caseId, to: 'planning', citedMatter: 'ADV-03', reason: '招牌位置不符合规划' });
    const transfer = (await urban().case.get({ caseId })).workflows.find((w) => w.kind === 'transfer')!;
    await as(liaison('planning')).transfer.reject({ workflowId: transfer.id, reason: '未经审批设置属城管' });
    const dispute = (await as(role('leadership')).dispute.list()).find((d) => d.caseId === caseId)!;
    // ADV-01 is led by urban and supported by planning already: the ruling repeats the matrix.
    await as(role('leadership')).dispute.rule({ workflowId: dispute.id, lead: 'urban', supports: ['planning'], reasons: '维持现行分工' });
    const before = (await as(null).matrix.versions()).length;
    const promote = as(role('leadership')).dispute.promote({ workflowId: dispute.id, reason: '写入矩阵' });
    await expect(promote).rejects.toMatchObject({ code: 'CONFLICT', cause: { reason: 'AMENDMENT_NO_CHANGE', params: { matter: 'ADV-01' } } });
    expect((await as(null).matrix.versions()).length).toBe(before);
    expect((await as(role('leadership')).dispute.list({ open: false })).find((d) => d.id === dispute.id)?.state).toBe('ruled');
    const { matrixVersion, ...same } = await as(null).matrix.matter({ code: 'ADV-01' });
    const edit = as(role('leadership')).matrix.amend({ basedOn: matrixVersion, reason: '无变化的修订', matter: same });
    await expect(edit).rejects.toMatchObject({ code: 'CONFLICT', cause: { reason: 'AMENDMENT_NO_CHANGE' } });
  });

  it('keeps one open harmonisation proposal per matter', async () => {
    const office = as(role('alliance'));
    const { workflowId } = await office.harmonisation.propose({ matterCode: 'NOI-04', text: '商业音响揽客一律禁止' });
    const second = office.harmonisation.propose({ matterCode: 'NOI-04', text: '另一份提案' });
    await expect(second).rejects.toMatchObject({ code: 'CONFLICT', cause: { reason: 'PROPOSAL_OPEN', params: { matter: 'NOI-04' } } });
    expect((await office.harmonisation.list({ open: true })).filter((w) => w.matterCode === 'NOI-04').map((w) => w.id)).toEqual([workflowId]);
    // Another matter is not held up.
    await office.harmonisation.propose({ matterCode: 'NOI-02', text: '夜间施工噪声统一限值' });
  });

  it('guards joint enforcement: the holder proposes, co-departments sign, the coordinator resolves declines', async () => {
    const { caseId } = await coordinator().case.intake({ matter: 'WST-03', ...TIANFU, description: '夜间偷倒建筑垃圾', source: 'patrol' });
    const proposal = { caseId, coDepartments: ['police', 'ecology'] as const, action: '联合夜查', scheduledFor: '2026-11-30T12:00:00+08:00' };
    expect(await code(market().joint.propose({ ...proposal, coDepartments: ['police'] }))).toBe('FORBIDDEN');
    const { workflowId } = await urban().joint.propose({ ...proposal, coDepartments: ['police', 'ecology'] });
    expect(await code(market().joint.cosign({ workflowId }))).toBe('FORBIDDEN');
    await as(liaison('police')).joint.cosign({ workflowId });
    await as(liaison('ecology')).joint.decline({ workflowId, reason: '非本部门职责' });
    expect(await code(urban().joint.order({ workflowId, unit: `${CD}:ecology` }))).toBe('FORBIDDEN');
    await coordinator().joint.order({ workflowId, unit: `${CD}:ecology` });
    expect(await code(as(liaison('police')).joint.compile({ workflowId, summary: 'x' }))).toBe('FORBIDDEN');
  });

  it('guards cross-city and harmonisation actions by city and role', async () => {
    const { caseId } = await coordinator().case.intake({
      matter: 'FUM-02',
      lon: 104.2,
      lat: 30.9182,
      reportedIn: CD,
      description: '边界处露天烧烤',
      source: 'hotline',
    });
    const flows = (await as(role('leadership')).case.get({ caseId })).workflows.filter((w) => w.kind === 'crosscity');
    const referral = flows.find((w) => (w.view as { mode: string }).mode === 'referral')!;
    expect(await code(coordinator().crossCity.accept({ workflowId: referral.id }))).toBe('FORBIDDEN');
    await as(role('coordinator', DY)).crossCity.reject({ workflowId: referral.id, reason: '烧烤摊在成都一侧' });
    expect(await code(coordinator().crossCity.ruleCity({ workflowId: referral.id, city: CD, reason: 'x' }))).toBe('FORBIDDEN');
    await as(role('alliance')).crossCity.ruleCity({ workflowId: referral.id, city: CD, reason: '经营者在成都一侧固定经营' });
    const moved = await as(role('leadership')).case.get({ caseId });
    expect(moved.case.holderUnit).toBe(`${CD}:urban`);

    expect(await code(coordinator().harmonisation.propose({ matterCode: 'VEN-05', text: '统一标准' }))).toBe('FORBIDDEN');
    const { workflowId } = await as(role('alliance')).harmonisation.propose({ matterCode: 'VEN-05', text: '统一标准' });
    expect(await code(urban().harmonisation.concur({ workflowId }))).toBe('FORBIDDEN');
    await coordinator().harmonisation.concur({ workflowId });
    expect(await code(coordinator().harmonisation.concur({ workflowId }))).toBe('FORBIDDEN');
    expect(await code(coordinator().harmonisation.publish({ workflowId }))).toBe('FORBIDDEN');
    expect(await code(urban().audit.verify())).toBe('FORBIDDEN');
    expect((await as(role('admin')).audit.verify()).broken).toEqual([]);
  });

  it('triages a case without a matter and refers another to a neighbouring city', async () => {
    const { caseId, route } = await coordinator().case.intake({ ...TIANFU, description: '路口有异味,不知道归谁管', source: 'hotline' });
    expect(route).toBeNull();
    const queue = await coordinator().case.inbox({ role: 'triage' });
    expect(queue.find((t) => t.caseId === caseId)).toMatchObject({ action: 'triage', matterCode: null });
    expect(await code(urban().case.route({ caseId, matterCode: 'SAN-01' }))).toBe('FORBIDDEN');
    expect(await code(as(role('coordinator', DY)).case.route({ caseId, matterCode: 'SAN-01' }))).toBe('FORBIDDEN');
    await coordinator().case.route({ caseId, matterCode: 'SAN-01' });
    expect((await urban().case.inbox()).find((t) => t.caseId === caseId)).toMatchObject({ action: 'claim', matterCode: 'SAN-01' });

    const other = await intake();
    expect(await code(urban().crossCity.refer({ caseId: other.caseId, city: DY, reason: '应由德阳处理' }))).toBe('FORBIDDEN');
    expect(await code(coordinator().crossCity.refer({ caseId: other.caseId, city: CD, reason: 'x' }))).toBe('BAD_REQUEST');
    const { workflowId } = await coordinator().crossCity.refer({ caseId: other.caseId, city: DY, reason: '摊点实际位于德阳一侧' });
    expect(await code(coordinator().crossCity.refer({ caseId: other.caseId, city: DY, reason: '再次' }))).toBe('CONFLICT');
    const dy = as(role('coordinator', DY));
    expect((await dy.case.inbox()).find((t) => t.workflowId === workflowId)).toMatchObject({ action: 'accept-referral' });
    await dy.crossCity.accept({ workflowId });
    expect((await dy.case.get({ caseId: other.caseId })).case.holderUnit).toBe(`${DY}:urban`);
  });

  it('takes a complaint placed by its address only, suggests matters, and routes a confident guess', async () => {
    expect(await coordinator().case.suggest({ text: '楼下烧烤烟大' })).toEqual({
      suggestions: [{ matterCode: 'FUM-02', confidence: 0.92 }],
      explanation: null,
    });
    const placed = await coordinator().case.intake({ address: '成都市武侯区玉林北路 12 号', description: '路边烧烤摊烟很大', source: 'hotline' });
    expect(placed.route).toMatchObject({ matter: { code: 'FUM-02' }, county: { adcode: '510107' }, lead: { id: `${CD}:urban` } });
    expect(placed.publicCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(await code(coordinator().case.intake({ description: '没有地点', source: 'hotline' }))).toBe('BAD_REQUEST');
    expect(await code(coordinator().case.intake({ address: '人民路 1 号', description: 'x', source: 'hotline' }))).toBe('BAD_REQUEST');
  });

  it('serves standards side by side, matrix diffs and city maps', async () => {
    const { comparisons } = await as(null).standards.compare({ matterCode: 'VEN-05' });
    expect(comparisons).toHaveLength(1);
    expect(comparisons[0]!.conflicts).toContain('policy');
    const pair = await as(null).standards.compare({ matterCode: 'VEN-05', cities: [CD, DY] });
    expect(pair.comparisons[0]!.standards.map((s) => s.cityAdcode)).toEqual([CD, DY]);
    expect((await as(null).matrix.diff({ from: 1, to: 1 })).changes).toEqual([]);
    const map = await as(null).geo.map({ cities: [CD], points: [[TIANFU.lon, TIANFU.lat]] });
    expect(map.counties.length).toBeGreaterThan(10);
    expect(map.points[0]).not.toBeNull();
  });

  it('limits attempts at a case’s rating code like sign-ins: counted before checking, then a wait, even for the right code', async () => {
    const { number, publicCode } = await intake({ description: '门口摆摊占道' });
    const anyone = as(null);
    for (let i = 0; i < 5; i++) expect(await code(anyone.public.rate({ number, code: `GUESS${i}`, satisfied: true }))).toBe('FORBIDDEN');
    expect(await code(anyone.public.rate({ number, code: publicCode, satisfied: true }))).toBe('TOO_MANY_REQUESTS');
    clock.advance(1_000);
    // the right code is checked again (this case has no result to rate yet) and clears the count
    expect(await code(anyone.public.rate({ number, code: publicCode, satisfied: true }))).toBe('CONFLICT');
    expect(await code(anyone.public.rate({ number, code: 'GUESS', satisfied: true }))).toBe('FORBIDDEN');
  });

  it('shows the public status by case number without any personal data; the rating reopens under supervision', async () => {
    const taken = await intake({
      reporterName: '赵女士',
      reporterPhone: '13711112222',
      address: '锦江区春熙路 8 号',
      description: '商户出店经营占用人行道,我是隔壁住户赵某',
    });
    const { caseId, number, publicCode } = taken;
    const anyone = as(null);
    const before = await anyone.public.status({ number });
    expect(before).toMatchObject({ number, state: 'offered', open: true, leadUnit: `${CD}:urban`, publishedResult: null, rating: null });
    const text = JSON.stringify(before);
    for (const secret of ['赵', '13711112222', '春熙路', '隔壁住户', caseId]) expect(text).not.toContain(secret);
    expect(await code(anyone.public.rate({ number, code: publicCode, satisfied: false }))).toBe('CONFLICT');
    expect(await code(anyone.public.rate({ number, code: 'WRONGCODE', satisfied: true }))).toBe('FORBIDDEN');
    await urban().case.claim({ caseId });
    await urban().case.start({ caseId });
    await urban().case.resolve({
      caseId,
      note: '已劝导商户将桌椅收回店内,人行道恢复通行',
      enforcement: {
        measure: 'persuasion',
        fineAmount: null,
        detainedItems: [],
        severity: 'minor',
        firstOffence: true,
        subject: { kind: 'person', name: '摊主' },
      },
    });
    expect(await anyone.public.status({ number })).toMatchObject({ state: 'awaitingConfirmation', publishedResult: '已劝导商户将桌椅收回店内,人行道恢复通行' });
    const reopened = await anyone.public.rate({ number, code: publicCode.toLowerCase(), satisfied: false, comment: '第二天又摆出来了' });
    expect(reopened).toMatchObject({ state: 'inProgress', rating: 'unsatisfied', supervised: true });
    expect((await urban().case.inbox()).find((t) => t.caseId === caseId)).toMatchObject({ action: 'work-supervised' });
    await urban().case.resolve({
      caseId,
      note: '联合市场监管再次整治,已设置隔离桩',
      enforcement: {
        measure: 'persuasion',
        fineAmount: null,
        detainedItems: [],
        severity: 'minor',
        firstOffence: true,
        subject: { kind: 'person', name: '摊主' },
      },
    });
    expect(await anyone.public.rate({ number, code: publicCode, satisfied: true })).toMatchObject({
      state: 'closed',
      open: false,
      rating: 'satisfied',
      rateable: false,
    });
    // One rating per closure: a second one (unsatisfied after satisfied) is refused and the case stays closed.
    const second = anyone.public.rate({ number, code: publicCode, satisfied: false });
    await expect(second).rejects.toMatchObject({ code: 'CONFLICT', cause: { reason: 'RATING_DONE' } });
    expect(await anyone.public.status({ number })).toMatchObject({ state: 'closed', rating: 'satisfied', rateable: false });
    expect(await code(anyone.public.status({ number: 99_999_999 }))).toBe('NOT_FOUND');
  });

  it('counts repeat complaints for the KPI and shows them on the original case', async () => {
    const first = await intake({ matter: 'FAC-01', description: '路灯不亮', ...TIANFU_NORTH(0) });
    const repeat = await intake({ matter: 'FAC-01', description: '路灯还是不亮', ...TIANFU_NORTH(60) });
    expect(repeat.repeatOf).toBe(first.caseId);
    const original = await urban().case.get({ caseId: first.caseId });
    expect(original.repeats.map((r) => r.number)).toEqual([repeat.number]);
    expect((await urban().case.get({ caseId: repeat.caseId })).repeatOf).toEqual({ id: first.caseId, number: first.number });
    expect(await code(urban().kpi.repeats())).toBe('FORBIDDEN');
    const kpi = await coordinator().kpi.repeats({ cityAdcode: CD });
    expect(kpi.find((k) => k.matterCode === 'FAC-01')).toMatchObject({ unit: `${CD}:urban`, repeats: 1, cases: 1 });
  });

  it('refuses the remaining actions to those who may not take them', async () => {
    // case.start / case.progress: only the holding unit
    const { caseId } = await intake();
    await urban().case.claim({ caseId });
    expect(await code(market().case.start({ caseId }))).toBe('FORBIDDEN');
    expect(await code(market().case.progress({ caseId, note: '代报' }))).toBe('FORBIDDEN');
    await urban().case.progress({ caseId, note: '已到场' });

    // joint.decline / exclude / report / closeCosign
    const waste = await coordinator().case.intake({ matter: 'WST-02', ...TIANFU, description: '渣土车抛洒', source: 'patrol' });
    const { workflowId: joint } = await urban().joint.propose({
      caseId: waste.caseId,
      coDepartments: ['police', 'transport'],
      action: '联合查处',
      scheduledFor: '2026-11-30T12:00:00+08:00',
    });
    expect(await code(market().joint.decline({ workflowId: joint, reason: '不参加' }))).toBe('FORBIDDEN');
    await as(liaison('police')).joint.cosign({ workflowId: joint });
    await as(liaison('transport')).joint.decline({ workflowId: joint, reason: '运力不足' });
    expect(await code(urban().joint.exclude({ workflowId: joint, unit: `${CD}:transport`, reason: '不需要' }))).toBe('FORBIDDEN');
    await coordinator().joint.exclude({ workflowId: joint, unit: `${CD}:transport`, reason: '由公安单独配合' });
    expect(await code(as(liaison('transport')).joint.report({ workflowId: joint, text: '参与' }))).toBe('FORBIDDEN');
    await urban().joint.report({ workflowId: joint, text: '查处 3 车' });
    await as(liaison('police')).joint.report({ workflowId: joint, text: '扣分 3 车' });
    await urban().joint.compile({ workflowId: joint, summary: '完成' });
    expect(await code(as(liaison('transport')).joint.closeCosign({ workflowId: joint }))).toBe('FORBIDDEN');

    // crossCity.reject / joinPatrol / confirmClosure
    const border = await coordinator().case.intake({ matter: 'VEN-01', lon: 104.2, lat: 30.9128, reportedIn: DY, description: '边界摊贩', source: 'hotline' });
    const flows = (await as(role('leadership')).case.get({ caseId: border.caseId })).workflows;
    const referral = flows.find((w) => w.kind === 'crosscity' && (w.view as { mode: string }).mode === 'referral')!;
    const informed = flows.find((w) => w.kind === 'crosscity' && (w.view as { mode: string }).mode === 'border')!;
    expect(await code(as(role('coordinator', DY)).crossCity.reject({ workflowId: referral.id, reason: '不是我们' }))).toBe('FORBIDDEN');
    expect(await code(coordinator().crossCity.joinPatrol({ workflowId: informed.id }))).toBe('FORBIDDEN');
    expect(await code(as(liaison('urban', DY)).crossCity.confirmClosure({ workflowId: informed.id }))).toBe('FORBIDDEN');
    await as(role('coordinator', DY)).crossCity.joinPatrol({ workflowId: informed.id });

    // harmonisation.object / revise
    const { workflowId: proposal } = await as(role('alliance')).harmonisation.propose({ matterCode: 'FUM-02', text: '全天禁止' });
    expect(await code(urban().harmonisation.object({ workflowId: proposal, reason: '反对' }))).toBe('FORBIDDEN');
    await as(role('coordinator', DY)).harmonisation.object({ workflowId: proposal, reason: '德阳夜市允许' });
    expect(await code(coordinator().harmonisation.revise({ workflowId: proposal, text: '修改' }))).toBe('FORBIDDEN');
    await as(role('alliance')).harmonisation.revise({ workflowId: proposal, text: '主城区禁止,夜市区域备案后允许' });
  });

  it('pushes an inbox change to a colleague’s subscription when a task is claimed', async () => {
    const { caseId } = await intake();
    const stream = await as(person('cd-urban-2', { role: 'liaison', cityAdcode: CD, departmentCode: 'urban' })).inbox.changes();
    const first = (async () => {
      for await (const message of stream) return message;
    })();
    await new Promise((r) => setTimeout(r, 50));
    await urban().case.claim({ caseId });
    const message = await Promise.race([first, new Promise((_, reject) => setTimeout(() => reject(new Error('no event within 60 s')), 60_000))]);
    // tracked(id, data) arrives as [id, data] through a direct caller
    const [, data] = message as [string, { inboxes: string[]; cases: string[] }];
    expect(data.inboxes).toContain(`${CD}:urban`);
    expect(data.cases).toContain(caseId);
  });
});
