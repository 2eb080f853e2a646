import type { CityStandard, FineRange, Policy } from './standards.ts';
import type { Name } from './reference.ts';

/**
 * The four cities' enforcement standards as the alliance first collected them: one per city and
 * matter. Most matters are enforced alike; the overrides below are where the cities differ (the
 * seed plan's example: temporary convenience points allowed in Chengdu and forbidden in Deyang).
 */
export const ALLIANCE_CITIES = ['510100', '510600', '511400', '512000'] as const;

type Fines = CityStandard['fines'];
const f = (minor: FineRange, ordinary: FineRange, serious: FineRange): Fines => ({ minor, ordinary, serious });

interface Base {
  policy: Policy;
  conditions: Name;
  fines: Fines;
  firstOffenceNoPenalty: boolean;
  source: string;
}
const b = (policy: Policy, zh: string, en: string, fines: Fines, firstOffenceNoPenalty: boolean, source: string): Base => ({
  policy,
  conditions: { zh, en },
  fines,
  firstOffenceNoPenalty,
  source,
});

// prettier-ignore
const BASE: Record<string, Base> = {
  'ADV-01': b('conditional', '须经城管部门审批,按设置规划和技术规范设置', 'Needs approval from urban management; must follow the siting plan and technical code', f([0, 500], [500, 5000], [5000, 10000]), true, '市容和环境卫生管理条例'),
  'ADV-02': b('forbidden', '禁止虚假或引人误解的内容', 'False or misleading content is prohibited', f([0, 10000], [10000, 100000], [100000, 200000]), false, '广告法第五十五条'),
  'ADV-03': b('conditional', '须符合户外广告设置规划', 'Must conform to the outdoor advertising plan', f([1000, 5000], [5000, 20000], [20000, 50000]), false, '城乡规划法'),
  'ADV-04': b('forbidden', '存在安全隐患的设施须限期整改或拆除', 'Hazardous structures must be repaired or removed by a deadline', f([500, 2000], [2000, 10000], [10000, 30000]), false, '安全生产相关规定'),
  'VEN-01': b('forbidden', '禁止在道路、广场等公共场所流动摆卖', 'Mobile trading on roads and squares is prohibited', f([0, 50], [50, 200], [200, 500]), true, '市容和环境卫生管理条例'),
  'VEN-02': b('forbidden', '禁止超出门窗和外墙经营', 'Trading beyond the shopfront is prohibited', f([0, 100], [100, 500], [500, 1000]), true, '市容和环境卫生管理条例'),
  'VEN-03': b('forbidden', '须依法办理营业执照', 'A business licence is required', f([0, 1000], [1000, 5000], [5000, 10000]), true, '无证无照经营查处办法'),
  'VEN-04': b('forbidden', '禁止占用机动车道经营', 'Trading in the carriageway is prohibited', f([0, 200], [200, 200], [200, 200]), false, '道路交通安全法'),
  'VEN-05': b('conditional', '在街道划定的点位、时段内经营', 'Within points and hours designated by the subdistrict', f([0, 50], [50, 200], [200, 500]), true, '临时便民点管理办法'),
  'NOI-01': b('conditional', '广场舞等活动须在 7:00–22:00 进行,音量不超过 60 分贝', 'Square dancing and similar between 7:00 and 22:00, at most 60 dB', f([0, 200], [200, 500], [500, 500]), true, '噪声污染防治法第八十七条'),
  'NOI-02': b('conditional', '夜间 22:00–6:00 禁止产生噪声的施工,须取得夜间施工证明', 'No noisy work 22:00–6:00 without a night-work certificate', f([1000, 10000], [10000, 50000], [50000, 100000]), false, '噪声污染防治法第七十七条'),
  'NOI-03': b('conditional', '排放须符合工业企业厂界环境噪声排放标准', 'Emissions within the industrial boundary noise standard', f([2000, 20000], [20000, 100000], [100000, 200000]), false, '噪声污染防治法第七十五条'),
  'NOI-04': b('forbidden', '禁止使用高音广播喇叭或音响揽客', 'Loudspeakers to attract customers are prohibited', f([0, 200], [200, 1000], [1000, 5000]), true, '噪声污染防治法第八十二条'),
  'NOI-05': b('forbidden', '禁止违规鸣笛、改装排气', 'Illegal horn use and modified exhausts are prohibited', f([20, 100], [100, 200], [200, 2000]), false, '道路交通安全法'),
  'CON-01': b('forbidden', '未取得建设工程规划许可证的建设一律违法', 'Any building without a planning permit is illegal', f([5000, 50000], [50000, 200000], [200000, 500000]), false, '城乡规划法第六十四条'),
  'CON-02': b('forbidden', '禁止未经批准占用耕地建房', 'Building on farmland without approval is prohibited', f([1000, 30000], [30000, 100000], [100000, 300000]), false, '土地管理法'),
  'CON-03': b('forbidden', '禁止擅自变动房屋建筑主体和承重结构', 'Altering load-bearing structure without approval is prohibited', f([5000, 10000], [10000, 50000], [50000, 100000]), false, '建设工程质量管理条例'),
  'SAN-01': b('allowed', '环卫作业单位按作业标准保洁,市民可随时报告', 'Cleaning contractors keep to the standard; anyone may report', null, false, '城市道路清扫保洁质量标准'),
  'SAN-02': b('conditional', '按四分类定时定点投放', 'Four-way sorting at set times and points', f([0, 50], [50, 200], [200, 500]), true, '生活垃圾管理条例'),
  'SAN-03': b('forbidden', '禁止乱扔乱倒垃圾', 'Littering and dumping are prohibited', f([0, 50], [50, 200], [200, 500]), true, '市容和环境卫生管理条例'),
  'SAN-04': b('allowed', '河长制责任单位定期打捞', 'River-chief units clear debris on schedule', null, false, '河长制工作规定'),
  'FAC-01': b('allowed', '路灯管理单位 24 小时内修复', 'The lighting operator repairs within 24 hours', null, false, '城市照明管理规定'),
  'FAC-02': b('allowed', '养护单位接报后 2 小时内设置警示、24 小时内修复', 'Warn within 2 h of a report, repair within 24 h', null, false, '城市道路管理条例'),
  'FAC-03': b('allowed', '排水单位接报后及时疏通', 'The drainage operator clears blockages promptly', null, false, '城镇排水与污水处理条例'),
  'FAC-04': b('forbidden', '禁止损毁绿地和树木', 'Damaging green space or trees is prohibited', f([0, 500], [500, 2000], [2000, 10000]), false, '城市绿化条例'),
  'FAC-05': b('conditional', '在施划的停放区内停放,运营企业负责调度', 'Park within marked bays; operators must redistribute', f([0, 50], [50, 200], [200, 500]), true, '互联网租赁自行车管理办法'),
  'FUM-01': b('conditional', '须安装油烟净化设施并保持正常运行', 'Fume purifiers must be installed and running', f([5000, 20000], [20000, 50000], [50000, 100000]), false, '大气污染防治法第一百一十八条'),
  'FUM-02': b('forbidden', '城市建成区禁止露天烧烤', 'Open-air barbecue is prohibited in the built-up area', f([0, 2000], [2000, 10000], [10000, 20000]), true, '大气污染防治法第一百一十八条'),
  'FUM-03': b('forbidden', '须取得食品经营许可', 'A food business licence is required', f([0, 5000], [5000, 50000], [50000, 100000]), false, '食品安全法'),
  'WST-01': b('conditional', '工地须落实六个百分之百扬尘防治措施', 'Sites must apply the six dust-control measures', f([10000, 30000], [30000, 70000], [70000, 100000]), false, '大气污染防治法第一百一十五条'),
  'WST-02': b('forbidden', '渣土车须密闭运输、按核准路线和时间行驶', 'Muck trucks must be sealed and keep to approved routes and hours', f([0, 2000], [2000, 10000], [10000, 20000]), false, '城市建筑垃圾管理规定'),
  'WST-03': b('forbidden', '禁止随意倾倒建筑垃圾', 'Dumping construction waste is prohibited', f([5000, 20000], [20000, 50000], [50000, 100000]), false, '城市建筑垃圾管理规定'),
  'WST-04': b('conditional', '道路冲洗保洁须达到扬尘控制标准', 'Road washing must meet the dust-control standard', f([0, 1000], [1000, 5000], [5000, 10000]), true, '扬尘污染防治办法'),
};

type Override = Partial<Base> & { effectiveFrom?: string };
const CD = '510100';
const DY = '510600';
const MS = '511400';
const ZY = '512000';

/** Where a city departs from the common baseline. */
// prettier-ignore
const OVERRIDES: Record<string, Partial<Record<string, Override>>> = {
  'VEN-05': {
    [CD]: { policy: 'allowed', conditions: { zh: '允许在街道划定的临时便民点经营,7:00–9:00、17:00–22:00,须登记备案', en: 'Allowed at subdistrict-designated points 7:00–9:00 and 17:00–22:00, after registration' }, source: '成都市临时便民点设置管理规定' },
    [DY]: { policy: 'forbidden', conditions: { zh: '不设临时便民点,一律按占道经营查处', en: 'No temporary convenience points; treated as street vending' }, fines: f([50, 200], [200, 1000], [1000, 2000]), firstOffenceNoPenalty: false, source: '德阳市市容和环境卫生管理办法' },
    [ZY]: { conditions: { zh: '仅允许在城区外环以外划定点位经营', en: 'Only at points designated outside the ring road' } },
  },
  'VEN-01': {
    [CD]: { policy: 'conditional', conditions: { zh: '在划定的疏导区内允许流动经营', en: 'Allowed inside designated tolerance zones' } },
    [DY]: { fines: f([50, 200], [200, 1000], [1000, 2000]), firstOffenceNoPenalty: false },
  },
  'VEN-02': {
    [CD]: { policy: 'conditional', conditions: { zh: '经备案的外摆经营允许在规定区域和时段进行', en: 'Registered outdoor seating allowed in set areas and hours' }, source: '成都市中心城区外摆经营管理规定' },
    [MS]: { policy: 'conditional', conditions: { zh: '节假日可申请临时外摆', en: 'Temporary outdoor trading on holidays by application' } },
  },
  'FUM-02': {
    [DY]: { policy: 'conditional', conditions: { zh: '在指定的烧烤集中区允许经营,须使用无烟烧烤炉', en: 'Allowed in designated barbecue zones with smokeless grills' } },
    [ZY]: { policy: 'conditional', conditions: { zh: '夜间在指定街区允许无烟烧烤', en: 'Smokeless barbecue allowed at night in designated blocks' } },
  },
  'NOI-01': {
    [DY]: { conditions: { zh: '广场舞等活动须在 7:00–21:30 进行,音量不超过 55 分贝', en: 'Between 7:00 and 21:30, at most 55 dB' } },
  },
  'SAN-03': {
    [DY]: { fines: f([0, 20], [20, 50], [50, 100]) },
    [MS]: { fines: f([0, 20], [20, 50], [50, 200]) },
  },
  'FAC-05': {
    [ZY]: { firstOffenceNoPenalty: false },
  },
  'WST-02': {
    [CD]: { fines: f([0, 5000], [5000, 20000], [20000, 30000]), source: '成都市建筑垃圾处置管理条例' },
  },
};

const EFFECTIVE: Record<(typeof ALLIANCE_CITIES)[number], string> = { [CD]: '2024-01-01', [DY]: '2023-07-01', [MS]: '2023-10-01', [ZY]: '2024-03-01' };

export const STANDARDS_V1: readonly CityStandard[] = Object.entries(BASE).flatMap(([matterCode, base]) =>
  ALLIANCE_CITIES.map((cityAdcode) => {
    const o = OVERRIDES[matterCode]?.[cityAdcode] ?? {};
    return { cityAdcode, matterCode, effectiveFrom: o.effectiveFrom ?? EFFECTIVE[cityAdcode], ...base, ...o };
  }),
);
