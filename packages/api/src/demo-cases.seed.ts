import type { Alliance, Polygon } from '@gongzhi/geo';
import {
  DEPARTMENTS,
  cityOfUnit,
  ManualClock,
  unitId,
  type Actor,
  type CaseSource,
  type DepartmentCode,
  type DomainCode,
  type Matter,
  type MatterSuggester,
  type WorkflowCommand,
  caseDateOf,
  checkEnforcement,
  creditCodeCheck,
  isEnforcementMatter,
  standardInForce,
  type CityStandard,
  type Measure,
  type Principal,
  type Severity,
} from '@gongzhi/domain';
import { caseWorkflows, countCases, dispatch, listStandards, loadMatrix, startNewWorkflow, type Database, type EngineDeps } from '@gongzhi/db';
import type { EnforcementRecordInput } from './inputs.ts';
import { decideEnforcement, resolveCase } from './use-cases/enforcement.ts';
import { intakeCase } from './use-cases/intake-cases.ts';

export const ROADS = [
  '人民南路',
  '春熙路',
  '建设路',
  '蜀汉路',
  '天府大道',
  '红星路',
  '玉林北路',
  '光华大道',
  '文庙前街',
  '东大街',
  '滨江路',
  '长江路',
  '岷江大道',
  '凤凰路',
  '府河路',
];
const PLACES = ['小区门口', '农贸市场旁', '地铁站出口', '学校周边', '十字路口', '公交站台', '商业街', '河堤步道', '工地外', '夜市'];
const OPENERS = ['市民来电反映:', '市民通过“天府市民云”反映:', '网格员巡查发现:', '群众投诉:', '12345 热线工单:'];
const PLEAS = ['请尽快处理。', '已多次反映未解决,请督办。', '影响周边居民休息,请处理。', '存在安全隐患,请尽快到场。', '希望相关部门加强管理。'];

const DOMAIN_DETAIL: Record<DomainCode, string[]> = {
  advertising: ['门头招牌松动,大风天有坠落危险', '未经审批新设大型广告牌', '广告内容夸大宣传,涉嫌虚假'],
  vending: ['流动摊贩占道经营,堵塞人行道', '商户将货架摆到店外经营', '早晚高峰摊点占用车道,车辆通行困难'],
  noise: ['晚上十点后仍有广场舞音响声音很大', '工地夜间施工噪音扰民', '商铺用高音喇叭循环播放促销'],
  construction: ['楼顶正在私自加建房屋', '一楼住户私自拆除承重墙', '村里有人在耕地上建房'],
  sanitation: ['垃圾桶满溢多日无人清运', '路面垃圾成堆无人清扫', '河面漂浮大量垃圾'],
  facilities: ['路灯连续多晚不亮', '井盖缺失,行人容易跌落', '下雨后路面大面积积水', '共享单车堆放挡住盲道'],
  fumes: ['餐馆油烟直排,窗户都不敢开', '路边烧烤摊烟雾很大', '无证小餐馆卫生条件差'],
  waste: ['渣土车沿路抛洒泥土', '夜间有人偷倒建筑垃圾', '工地裸土未覆盖,扬尘严重'],
};

/** A deterministic generator, so every fresh demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    next,
    pick: <T>(list: readonly T[]): T => must(list[Math.floor(next() * list.length)], 'an item of a non-empty list'),
    between: (a: number, b: number) => a + next() * (b - a),
  };
}

function bboxOf(polygons: readonly Polygon[]) {
  const outer = polygons.flatMap((p) => p[0] ?? []);
  const xs = outer.map((c) => c[0]);
  const ys = outer.map((c) => c[1]);
  return { minLon: Math.min(...xs), maxLon: Math.max(...xs), minLat: Math.min(...ys), maxLat: Math.max(...ys) };
}

const demoUser = (cityAdcode: string, dept: DepartmentCode | null, role: 'liaison' | 'coordinator' | 'leadership' | 'alliance'): Actor => {
  const prefix = { '510100': 'cd', '510600': 'dy', '511400': 'ms', '512000': 'zy' }[cityAdcode] ?? cityAdcode;
  const username = dept ? `${prefix}-${dept}` : role === 'coordinator' ? `${prefix}-coordinator` : role === 'leadership' ? 'leadership' : 'alliance-office';
  return { kind: 'user', userId: username, username, memberships: [{ role, cityAdcode, departmentCode: dept }] };
};
const unitActor = (unit: string) => demoUser(cityOfUnit(unit), unit.slice(unit.indexOf(':') + 1) as DepartmentCode, 'liaison');
/** The same person as `unitActor`, as a signed-in principal (for the use cases that take one). */
const unitPrincipal = (unit: string, role: 'liaison' | 'supervisor' = 'liaison'): Principal => {
  const a = demoUser(cityOfUnit(unit), unit.slice(unit.indexOf(':') + 1) as DepartmentCode, 'liaison');
  const username = a.kind === 'user' ? (role === 'supervisor' ? `${a.username}-supervisor` : a.username) : unit;
  const membership = { role, cityAdcode: cityOfUnit(unit), departmentCode: unit.slice(unit.indexOf(':') + 1) as DepartmentCode };
  return { userId: username, username, displayName: username, memberships: [membership] };
};

const SHOPS = ['小吃店', '便利店', '烧烤店', '水果店', '五金店', '餐馆', '茶铺', '汽修店'];
const PEOPLE = ['张某', '李某', '王某', '刘某', '陈某', '杨某'];
const CREDIT_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const HELD = ['三轮车 1 辆', '遮阳伞 2 把', '货架 1 个', '音箱 1 台', '烧烤炉 1 个'];

/**
 * A realistic enforcement record for a demo case (what an officer on the street records): mostly
 * persuasion, warnings and orders to correct (柔性执法), fines within the standard's range for the
 * severity; a few depart from it as they do in practice — a fine outside the range, a first minor
 * offence fined where the city says it is not — so the flagged share is a real figure.
 */
function demoEnforcement(r: ReturnType<typeof rng>, standard: CityStandard, road: string, fines: { n: number }): EnforcementRecordInput {
  const x = r.next();
  const severity: Severity = x < 0.5 ? 'minor' : x < 0.85 ? 'ordinary' : 'serious';
  const firstOffence = r.next() < 0.55;
  const m = r.next();
  const measure: Measure =
    firstOffence && severity === 'minor'
      ? m < 0.45
        ? 'persuasion'
        : m < 0.7
          ? 'warning'
          : m < 0.85
            ? 'order'
            : 'fine'
      : m < 0.22
        ? 'persuasion'
        : m < 0.37
          ? 'warning'
          : m < 0.62
            ? 'order'
            : m < 0.95
              ? 'fine'
              : 'detain';
  let fineAmount: number | null = null;
  if (measure === 'fine') {
    const [min, max] = standard.fines?.[severity] ?? [50, 200];
    // one fine in five outside the range (every fifth, so a small demo has some): above it, or below where the range has a floor
    const off = fines.n++ % 5 === 2;
    fineAmount = off
      ? min >= 100 && r.next() < 0.3
        ? Math.floor(min / 2 / 10) * 10
        : Math.ceil((max * 1.5) / 50) * 50
      : Math.max(min, Math.min(max, Math.round((min + r.next() * (max - min)) / 50) * 50)) || 50;
  }
  const business = r.next() < 0.6;
  // 统一社会信用代码: 91 (an enterprise), the area code, nine characters of the organisation, the check character
  const body = `91510100${Array.from({ length: 9 }, () => r.pick([...CREDIT_BODY])).join('')}`;
  return {
    measure,
    fineAmount,
    detainedItems: measure === 'detain' ? [r.pick(HELD)] : [],
    severity,
    firstOffence,
    subject: business
      ? { kind: 'business', name: `${road}${r.pick(SHOPS)}`, creditCode: r.next() < 0.7 ? body + creditCodeCheck(body) : null }
      : { kind: 'person', name: r.pick(PEOPLE) },
  };
}

/** The demo data is generated from known reference data: anything missing is a bug in the generator. */
function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`demo cases: no ${what}`);
  return value;
}

/**
 * A few hundred realistic cases across the four cities, in every state, made through the real
 * intake and workflows on a clock that walks through the past two weeks. Runs only on an empty
 * case table.
 */
export async function seedDemoCases(
  deps: { db: Database; alliance: Alliance; now: Date; classifier?: MatterSuggester | undefined },
  options: { count?: number } = {},
): Promise<number> {
  if ((await countCases(deps.db)) > 0) return 0;
  const total = options.count ?? 300;
  const r = rng(20261127);
  const matrix = await loadMatrix(deps.db);
  const boxes = new Map(deps.alliance.boundaries('city').map((b) => [b.adcode, bboxOf(b.polygons)]));
  const cityWeights: Array<[string, number]> = [
    ['510100', 0.55],
    ['510600', 0.15],
    ['511400', 0.15],
    ['512000', 0.15],
  ];
  const pickCity = () => {
    let x = r.next();
    for (const [c, w] of cityWeights) if ((x -= w) < 0) return c;
    return '510100';
  };
  const borderSpots = [
    [104.2, 30.9128],
    [104.2, 30.9182],
    [103.85, 30.3509],
    [103.85, 30.3454],
    [104.5979, 30.2313],
    [104.5994, 30.226],
  ] as const;

  const suggestionsFor = (text: string) =>
    (deps.classifier?.suggest(text) ?? []).filter((x) => matrix.matters.some((m) => m.code === x.matterCode)).slice(0, 3);

  const standardsOf = new Map<string, CityStandard[]>();
  const standardsFor = async (matterCode: string) => {
    const known = standardsOf.get(matterCode);
    if (known) return known;
    const loaded = await listStandards(deps.db, matterCode);
    standardsOf.set(matterCode, loaded);
    return loaded;
  };

  const fines = { n: 0 };
  let made = 0;
  for (let i = 0; i < total; i++) {
    const clock = new ManualClock(deps.now);
    // Open work is recent (live countdowns); finished work spreads over two weeks.
    const bucket = r.next();
    const ageHours = bucket < 0.45 ? r.between(0.05, 6) : r.between(6, 14 * 24);
    clock.set(new Date(deps.now.getTime() - ageHours * 3_600_000));
    const engine: EngineDeps = { db: deps.db, clock };
    const matter: Matter = r.pick(matrix.matters);
    let lon: number;
    let lat: number;
    let city = pickCity();
    if (i % 25 === 0) {
      const spot = must(borderSpots[(i / 25) % borderSpots.length], 'border spot');
      [lon, lat] = [spot[0] + r.between(-0.003, 0.003), spot[1] + r.between(-0.002, 0.002)];
      city = deps.alliance.locate(lon, lat)?.city.adcode ?? city;
    } else {
      const box = must(boxes.get(city), `box of ${city}`);
      do {
        lon = r.between(box.minLon, box.maxLon);
        lat = r.between(box.minLat, box.maxLat);
      } while (deps.alliance.locate(lon, lat)?.city.adcode !== city);
    }
    const county = must(deps.alliance.locate(lon, lat), 'location').county.name.zh;
    const description = `${r.pick(OPENERS)}${county}${r.pick(ROADS)}${r.pick(PLACES)}${r.pick(DOMAIN_DETAIL[matter.domain])},${r.pick(PLEAS)}`;
    const reportedIn = i % 40 === 7 ? cityWeights.map(([c]) => c).find((c) => c !== city) : undefined;
    // Every 30th complaint comes in without a matter the hotline could name: it waits in triage.
    const untriaged = i % 30 === 13;
    if (untriaged) clock.set(new Date(deps.now.getTime() - r.between(0.1, 1.5) * 3_600_000));
    const { caseId, route } = await intakeCase({
      ctx: { db: deps.db, clock, alliance: deps.alliance },
      input: {
        input: {
          // The hotline named no matter: the coordinator sees the classifier's suggestions, as for any such case.
          ...(untriaged ? { triageReason: 'no-matter' as const, suggestions: suggestionsFor(description) } : { matter: matter.code }),
          lon,
          lat,
          reportedIn,
          description,
          address: `${county}${r.pick(ROADS)}`,
          reporterName: r.pick(['王先生', '李女士', '张先生', '刘女士', '陈先生', '匿名']),
          reporterPhone: `13${Math.floor(r.between(100000000, 999999999))}`,
          source: r.pick<CaseSource>(['hotline', 'hotline', 'hotline', 'app', 'patrol', 'sensor']),
        },
        actor: demoUser(city, null, 'coordinator'),
      },
    });
    made++;
    if (!route) continue;
    const lead = route.lead.id;
    const step = (minutes: number) => clock.advance(minutes * 60_000);
    const send = (workflowId: string, actor: Actor, event: WorkflowCommand) => dispatch(engine, { workflowId, actor, event });
    const path = r.next();
    const old = ageHours > 6;

    if (!old) {
      // Recent: mostly waiting to be claimed, some claimed, a few transferred.
      if (path < 0.55 || ageHours < 0.3) continue;
      step(Math.min(ageHours * 60 * 0.3, 40));
      if (path < 0.8) {
        await send(caseId, unitActor(lead), { type: 'CLAIM' });
        if (path > 0.7) await send(caseId, unitActor(lead), { type: 'PROGRESS', note: '已安排执法队员到场核实' });
        continue;
      }
      const other = must(
        matrix.matters.find((m) => m.domain === matter.domain && m.lead !== matter.lead) ?? matrix.matters.find((m) => m.lead !== matter.lead),
        'other matter',
      );
      const to = unitId(route.city.adcode, other.lead);
      await send(caseId, unitActor(lead), {
        type: 'TRANSFER',
        to,
        reason: `经核实属“${other.name.zh}”,应由${DEPARTMENTS[other.lead].zh}主办`,
        cited: { matterCode: other.code, leadUnit: to },
      });
      continue;
    }

    // Older: worked through to an end, or stuck in a dispute.
    step(r.between(10, 90));
    if (path < 0.12) {
      const other = must(
        matrix.matters.find((m) => m.lead !== matter.lead && m.domain === matter.domain) ?? matrix.matters.find((m) => m.lead !== matter.lead),
        'other matter',
      );
      const to = unitId(route.city.adcode, other.lead);
      await send(caseId, unitActor(lead), { type: 'TRANSFER', to, reason: `属“${other.name.zh}”`, cited: { matterCode: other.code, leadUnit: to } });
      step(r.between(20, 120));
      const transfer = must(
        (await caseWorkflows(deps.db, caseId)).find((w) => w.kind === 'transfer'),
        'transfer',
      );
      await send(transfer.id, unitActor(to), { type: 'REJECT', reason: '经现场核实不属本部门职责,请按职责清单办理' });
      const dispute = must(
        (await caseWorkflows(deps.db, caseId)).find((w) => w.kind === 'dispute'),
        'dispute',
      );
      step(r.between(30, 300));
      await send(dispute.id, unitActor(lead), { type: 'FILE_STATEMENT', text: `依据职责清单 ${other.code},应由对方主办`, clauses: [other.code] });
      if (path < 0.06) continue; // waiting for the other side and for leadership
      await send(dispute.id, unitActor(to), { type: 'FILE_STATEMENT', text: `依据职责清单 ${matter.code},应由对方主办`, clauses: [matter.code] });
      if (path < 0.09) continue; // both sides heard, leadership still to rule
      step(r.between(60, 24 * 60));
      await send(dispute.id, demoUser('510100', null, 'leadership'), {
        type: 'RULE',
        lead,
        supports: [to, ...route.supports.map((s) => s.id)].filter((u, k, all) => u !== lead && all.indexOf(u) === k),
        reasons: `按职责清单 ${matter.code}“${matter.name.zh}”,由${DEPARTMENTS[matter.lead].zh}主办,${DEPARTMENTS[other.lead].zh}协办`,
      });
      step(r.between(10, 60));
      await send(caseId, unitActor(lead), { type: 'CLAIM' });
      continue;
    }
    await send(caseId, unitActor(lead), { type: 'CLAIM' });
    step(r.between(30, 240));
    await send(caseId, unitActor(lead), { type: 'START' });
    if (matter.joint && route.supports.length > 0 && path < 0.35) {
      const jointId = await startNewWorkflow(
        engine,
        'joint',
        {
          caseId,
          cityAdcode: route.city.adcode,
          lead,
          coDepartments: route.supports.map((s) => s.id),
          action: `联合整治:${matter.name.zh}`,
          scheduledFor: new Date(clock.now().getTime() + 48 * 3_600_000).toISOString(),
          proposedAt: clock.now().toISOString(),
        },
        unitActor(lead),
      );
      step(r.between(30, 300));
      for (const s of route.supports) await send(jointId, unitActor(s.id), { type: 'COSIGN' });
      continue;
    }
    if (path < 0.3) {
      await send(caseId, unitActor(lead), { type: 'PROGRESS', note: '已约谈当事人,限期整改' });
      continue;
    }
    step(r.between(60, 24 * 60));
    // An enforcement matter is resolved as an officer does it, through the use case with a record
    // checked against the standard in force; a deviating one waits for the unit's supervisor.
    const standard = standardInForce(await standardsFor(matter.code), route.city.adcode, matter.code, caseDateOf(clock.now()));
    if (isEnforcementMatter(standard) && standard) {
      const record = demoEnforcement(r, standard, r.pick(ROADS), fines);
      const ctx = { db: deps.db, clock, principal: unitPrincipal(lead) };
      await resolveCase({ ctx, input: { caseId, note: '已现场处置,当事人已整改,拍照存档。', enforcement: record } });
      const checked = checkEnforcement({ ...record, cityAdcode: route.city.adcode, matterCode: matter.code, caseDate: caseDateOf(clock.now()) }, [standard]);
      if (checked.deviations.length > 0) {
        if (path > 0.9) continue; // still waiting for the supervisor
        step(r.between(30, 8 * 60));
        await decideEnforcement({
          ctx: { db: deps.db, clock, principal: unitPrincipal(lead, 'supervisor') },
          input: { caseId, approve: true, reason: r.pick(['当事人屡教不改,经科室集体讨论从重处罚', '情节较轻且已当场改正,经科室讨论从轻处理']) },
        });
      }
    } else {
      await send(caseId, unitActor(lead), { type: 'RESOLVE', note: '已现场处置完毕,当事人已整改,拍照存档。' });
    }
    if (path < 0.45) continue; // awaiting the reporter's confirmation
    step(r.between(60, 48 * 60));
    const satisfied = path > 0.52;
    await send(caseId, { kind: 'reporter' }, { type: 'CONFIRM', satisfied, comment: satisfied ? '满意' : '问题反弹,不满意' });
  }

  // Two standard harmonisation proposals: one circulating, one sent back by Deyang.
  const clock = new ManualClock(new Date(deps.now.getTime() - 3 * 24 * 3_600_000));
  const engine: EngineDeps = { db: deps.db, clock };
  const cities = deps.alliance.cities.map((c) => c.adcode);
  const office = demoUser('510100', null, 'alliance');
  const circulating = await startNewWorkflow(
    engine,
    'harmonisation',
    {
      matterCode: 'FUM-02',
      text: '露天烧烤:主城区全天禁止;首次违法且及时改正的不予处罚;罚款幅度 500–2000 元。',
      proposedBy: office.kind === 'user' ? office.username : 'alliance',
      proposedAt: clock.now().toISOString(),
      cities,
    },
    office,
  );
  clock.advance(24 * 3_600_000);
  await dispatch(engine, { workflowId: circulating, actor: demoUser('510100', null, 'coordinator'), event: { type: 'CONCUR' } });
  await dispatch(engine, { workflowId: circulating, actor: demoUser('512000', null, 'coordinator'), event: { type: 'CONCUR' } });
  const draft = await startNewWorkflow(
    engine,
    'harmonisation',
    {
      matterCode: 'VEN-05',
      text: '临时便民点:四市统一允许在街道备案后设置,限定 18:00–23:00 经营。',
      proposedBy: 'alliance-office',
      proposedAt: clock.now().toISOString(),
      cities,
    },
    office,
  );
  clock.advance(5 * 3_600_000);
  await dispatch(engine, { workflowId: draft, actor: demoUser('510100', null, 'coordinator'), event: { type: 'CONCUR' } });
  await dispatch(engine, {
    workflowId: draft,
    actor: demoUser('510600', null, 'coordinator'),
    event: { type: 'OBJECT', reason: '德阳市区禁止设置临时便民点,建议各市自行决定' },
  });
  return made;
}
