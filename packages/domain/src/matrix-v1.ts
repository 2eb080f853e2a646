import type { Matter } from './matrix.ts';
import { RESOLUTION_LIMITS } from './reference.ts';

type Row = Omit<Matter, 'supports' | 'resolution'> & Partial<Pick<Matter, 'supports' | 'resolution'>>;
/** A matter's resolution limit is its tier's unless the row says otherwise. */
const m = (row: Row): Matter => ({ ...row, supports: row.supports ?? [], resolution: row.resolution ?? RESOLUTION_LIMITS[row.tier] });

/**
 * Version 1 of the responsibility matrix: the starting content of the design brief, with a
 * legal-basis note and complaint keywords per matter. Later versions are amendments stored in
 * the database; this list only seeds version 1.
 */
// prettier-ignore
export const MATRIX_V1_MATTERS: readonly Matter[] = [
  // 户外广告与招牌
  m({
    code: 'ADV-01', domain: 'advertising', lead: 'urban', supports: ['planning'], tier: 'complex', joint: false,
    name: { zh: '违规设置户外广告/招牌', en: 'Outdoor advertisement or signboard set up without approval' },
    legalBasis: '《城市市容和环境卫生管理条例》第十一条;《成都市户外广告和招牌设置管理条例》',
    keywords: ['户外广告', '招牌', '广告牌', '店招', '横幅', '灯箱', '私设广告'],
  }),
  m({
    code: 'ADV-02', domain: 'advertising', lead: 'market', supports: ['urban'], tier: 'complex', joint: false,
    name: { zh: '广告内容违法/虚假宣传', en: 'Unlawful advertising content or false claims' },
    legalBasis: '《中华人民共和国广告法》第四条、第二十八条',
    keywords: ['虚假广告', '虚假宣传', '广告内容', '违法广告', '夸大宣传'],
  }),
  m({
    code: 'ADV-03', domain: 'advertising', lead: 'planning', supports: ['urban'], tier: 'difficult', joint: false,
    name: { zh: '设置位置不符合规划', en: 'Advertising location contrary to the plan' },
    legalBasis: '《中华人民共和国城乡规划法》;《成都市户外广告设置规划》',
    keywords: ['广告规划', '设置位置', '楼顶广告', '大型广告牌', '不符合规划'],
  }),
  m({
    code: 'ADV-04', domain: 'advertising', lead: 'urban', supports: ['housing', 'emergency'], tier: 'simple', joint: true,
    name: { zh: '广告设施结构安全隐患', en: 'Structural hazard of an advertising fixture' },
    legalBasis: '《城市市容和环境卫生管理条例》;《成都市户外广告和招牌设置管理条例》安全管理条款',
    keywords: ['广告牌松动', '招牌脱落', '广告牌倾斜', '坠落', '安全隐患', '大风'],
  }),
  // 占道经营
  m({
    code: 'VEN-01', domain: 'vending', lead: 'urban', supports: ['subdistrict'], tier: 'simple', joint: false,
    name: { zh: '流动摊贩占道经营', en: 'Mobile street vendors occupying the road' },
    legalBasis: '《城市市容和环境卫生管理条例》第十四条;《成都市市容和环境卫生管理条例》',
    keywords: ['流动摊贩', '小摊', '摆摊', '占道经营', '三轮车卖', '地摊'],
  }),
  m({
    code: 'VEN-02', domain: 'vending', lead: 'urban', supports: ['market'], tier: 'simple', joint: false,
    name: { zh: '店外/出店经营', en: 'Trading outside the shopfront' },
    legalBasis: '《成都市市容和环境卫生管理条例》门前责任区条款',
    keywords: ['出店经营', '店外经营', '占用人行道', '门前摆放', '店门口'],
  }),
  m({
    code: 'VEN-03', domain: 'vending', lead: 'market', supports: ['urban'], tier: 'complex', joint: false,
    name: { zh: '无照经营(固定商户)', en: 'Unlicensed business at a fixed premises' },
    legalBasis: '《无证无照经营查处办法》第二条、第十三条',
    keywords: ['无照经营', '没有营业执照', '无证经营', '黑作坊'],
  }),
  m({
    code: 'VEN-04', domain: 'vending', lead: 'police', supports: ['urban'], tier: 'simple', joint: false,
    name: { zh: '占用机动车道影响通行', en: 'Trading in the carriageway obstructing traffic' },
    legalBasis: '《中华人民共和国道路交通安全法》第三十一条',
    keywords: ['占用车道', '机动车道', '影响通行', '堵路', '交通堵塞'],
  }),
  m({
    code: 'VEN-05', domain: 'vending', lead: 'subdistrict', supports: ['urban', 'commerce'], tier: 'complex', joint: false,
    name: { zh: '临时便民点管理', en: 'Temporary convenience trading points' },
    legalBasis: '《成都市临时占道摊区设置管理规定》;各市便民摊点管理办法',
    keywords: ['便民点', '临时摊区', '夜市', '集中摊点', '疏导点'],
  }),
  // 噪声污染
  m({
    code: 'NOI-01', domain: 'noise', lead: 'police', supports: ['subdistrict'], tier: 'simple', joint: false,
    name: { zh: '社会生活噪声(广场舞、高音喇叭)', en: 'Neighbourhood noise (square dancing, loudspeakers)' },
    legalBasis: '《中华人民共和国噪声污染防治法》第六十一条、第八十二条;《治安管理处罚法》',
    keywords: ['广场舞', '高音喇叭', '噪音扰民', '唱歌', '音响声音大', '楼上噪音'],
  }),
  m({
    code: 'NOI-02', domain: 'noise', lead: 'housing', supports: ['ecology', 'urban'], tier: 'simple', joint: false,
    name: { zh: '建筑施工噪声', en: 'Construction-site noise' },
    legalBasis: '《中华人民共和国噪声污染防治法》第四十三条(夜间施工)',
    keywords: ['施工噪音', '夜间施工', '工地噪声', '打桩', '机器轰鸣'],
  }),
  m({
    code: 'NOI-03', domain: 'noise', lead: 'ecology', tier: 'complex', joint: false,
    name: { zh: '工业噪声', en: 'Industrial noise' },
    legalBasis: '《中华人民共和国噪声污染防治法》第三十六条至第四十条',
    keywords: ['工厂噪声', '工业噪声', '车间', '设备噪音', '厂区'],
  }),
  m({
    code: 'NOI-04', domain: 'noise', lead: 'urban', supports: ['market'], tier: 'simple', joint: false,
    name: { zh: '商业经营噪声(音响揽客)', en: 'Commercial noise (loudspeakers to attract customers)' },
    legalBasis: '《中华人民共和国噪声污染防治法》第六十四条;《成都市噪声污染防治规定》',
    keywords: ['音响揽客', '商铺喇叭', '促销喇叭', '店铺音乐', '商业噪声'],
  }),
  m({
    code: 'NOI-05', domain: 'noise', lead: 'police', supports: ['transport'], tier: 'complex', joint: false,
    name: { zh: '交通噪声(鸣笛、改装车)', en: 'Traffic noise (horns, modified vehicles)' },
    legalBasis: '《中华人民共和国噪声污染防治法》第五十一条至第五十七条;《道路交通安全法》',
    keywords: ['鸣笛', '改装车', '炸街', '摩托车轰油门', '交通噪声'],
  }),
  // 违法建设
  m({
    code: 'CON-01', domain: 'construction', lead: 'urban', supports: ['planning', 'subdistrict'], tier: 'difficult', joint: true, resolution: { amount: 30, unit: 'workingDays' },
    name: { zh: '城镇违法建设', en: 'Illegal construction in towns' },
    legalBasis: '《中华人民共和国城乡规划法》第六十四条;《四川省城乡规划条例》',
    keywords: ['违建', '违章搭建', '私搭乱建', '楼顶加建', '阳台外扩', '违法建设'],
  }),
  m({
    code: 'CON-02', domain: 'construction', lead: 'planning', supports: ['subdistrict', 'urban'], tier: 'difficult', joint: true, resolution: { amount: 30, unit: 'workingDays' },
    name: { zh: '乡村违法建设/占用耕地', en: 'Illegal rural construction or occupation of farmland' },
    legalBasis: '《中华人民共和国土地管理法》第七十七条、第七十八条;《城乡规划法》第六十五条',
    keywords: ['占用耕地', '农村违建', '乱占耕地', '宅基地', '农田建房'],
  }),
  m({
    code: 'CON-03', domain: 'construction', lead: 'housing', supports: ['subdistrict'], tier: 'complex', joint: false,
    name: { zh: '违规装修破坏承重结构', en: 'Renovation damaging load-bearing structure' },
    legalBasis: '《住宅室内装饰装修管理办法》第五条、第三十八条',
    keywords: ['拆承重墙', '破坏承重', '违规装修', '砸墙', '楼板开洞'],
  }),
  // 环境卫生与垃圾分类
  m({
    code: 'SAN-01', domain: 'sanitation', lead: 'urban', supports: ['subdistrict'], tier: 'simple', joint: false,
    name: { zh: '道路清扫保洁不到位', en: 'Streets not swept or kept clean' },
    legalBasis: '《城市市容和环境卫生管理条例》第二十六条',
    keywords: ['清扫', '保洁', '路面脏', '落叶', '垃圾没人扫'],
  }),
  m({
    code: 'SAN-02', domain: 'sanitation', lead: 'urban', supports: ['subdistrict'], tier: 'simple', joint: false,
    name: { zh: '生活垃圾分类投放与清运', en: 'Household waste sorting and collection' },
    legalBasis: '《成都市生活垃圾管理条例》',
    keywords: ['垃圾分类', '垃圾桶满', '垃圾清运', '垃圾站', '垃圾没拉走'],
  }),
  m({
    code: 'SAN-03', domain: 'sanitation', lead: 'urban', supports: ['police'], tier: 'simple', joint: false,
    name: { zh: '乱扔乱倒/偷倒垃圾', en: 'Littering or fly-tipping of household waste' },
    legalBasis: '《城市市容和环境卫生管理条例》第三十四条;《成都市生活垃圾管理条例》',
    keywords: ['乱扔垃圾', '乱倒垃圾', '偷倒', '倾倒垃圾', '垃圾乱堆'],
  }),
  m({
    code: 'SAN-04', domain: 'sanitation', lead: 'water', supports: ['urban'], tier: 'simple', joint: false,
    name: { zh: '河道水面漂浮物', en: 'Floating debris on rivers' },
    legalBasis: '《中华人民共和国河道管理条例》;《四川省河湖长制条例》',
    keywords: ['河道', '漂浮物', '河面垃圾', '水面', '河沟'],
  }),
  // 市政设施与公共空间
  m({
    code: 'FAC-01', domain: 'facilities', lead: 'urban', supports: ['subdistrict'], tier: 'simple', joint: false,
    name: { zh: '路灯损坏', en: 'Broken street lights' },
    legalBasis: '《城市道路照明设施管理规定》',
    keywords: ['路灯', '路灯不亮', '灯杆', '照明', '路灯坏了'],
  }),
  m({
    code: 'FAC-02', domain: 'facilities', lead: 'urban', supports: ['transport', 'water', 'police'], tier: 'simple', joint: false,
    name: { zh: '道路破损/井盖缺失', en: 'Damaged road or missing manhole cover' },
    legalBasis: '《城市道路管理条例》第二十二条、第二十三条',
    keywords: ['井盖', '井盖缺失', '坑洼', '路面破损', '人行道砖', '塌陷'],
  }),
  m({
    code: 'FAC-03', domain: 'facilities', lead: 'water', supports: ['urban'], tier: 'simple', joint: false,
    name: { zh: '排水不畅/道路积水', en: 'Blocked drainage or flooded road' },
    legalBasis: '《城镇排水与污水处理条例》',
    keywords: ['积水', '排水', '下水道堵', '雨水井', '内涝'],
  }),
  m({
    code: 'FAC-04', domain: 'facilities', lead: 'parks', supports: ['urban', 'emergency'], tier: 'simple', joint: false,
    name: { zh: '绿地毁坏/行道树倒伏', en: 'Damaged green space or fallen street trees' },
    legalBasis: '《城市绿化条例》第二十条、第二十六条;《成都市公园城市绿化条例》',
    keywords: ['行道树', '树倒了', '毁绿', '绿化带', '砍树', '树枝断'],
  }),
  m({
    code: 'FAC-05', domain: 'facilities', lead: 'transport', supports: ['urban', 'police'], tier: 'simple', joint: false,
    name: { zh: '共享单车乱停放', en: 'Disorderly parking of shared bicycles' },
    legalBasis: '《成都市非机动车管理条例》;互联网租赁自行车管理办法',
    keywords: ['共享单车', '单车乱停', '电单车', '乱停放', '堆放单车'],
  }),
  // 餐饮油烟与露天烧烤
  m({
    code: 'FUM-01', domain: 'fumes', lead: 'ecology', supports: ['urban', 'market'], tier: 'complex', joint: true,
    name: { zh: '餐饮油烟扰民', en: 'Restaurant cooking fumes disturbing residents' },
    legalBasis: '《中华人民共和国大气污染防治法》第八十一条',
    keywords: ['油烟', '餐馆油烟', '油烟扰民', '排烟', '油烟机'],
  }),
  m({
    code: 'FUM-02', domain: 'fumes', lead: 'urban', supports: ['ecology', 'market'], tier: 'simple', joint: false,
    name: { zh: '露天烧烤', en: 'Open-air barbecue' },
    legalBasis: '《中华人民共和国大气污染防治法》第一百一十八条',
    keywords: ['露天烧烤', '烧烤摊', '烤串', '路边烧烤', '炭火'],
  }),
  m({
    code: 'FUM-03', domain: 'fumes', lead: 'market', tier: 'complex', joint: false,
    name: { zh: '餐饮单位无证/食品安全', en: 'Unlicensed food business or food safety' },
    legalBasis: '《中华人民共和国食品安全法》第三十五条、第一百二十二条',
    keywords: ['食品安全', '无证餐馆', '卫生差', '过期食品', '食物中毒'],
  }),
  // 建筑垃圾与扬尘
  m({
    code: 'WST-01', domain: 'waste', lead: 'housing', supports: ['ecology', 'urban'], tier: 'simple', joint: false,
    name: { zh: '工地扬尘', en: 'Dust from construction sites' },
    legalBasis: '《中华人民共和国大气污染防治法》第六十九条',
    keywords: ['工地扬尘', '灰尘', '未覆盖', '裸土', '工地灰大'],
  }),
  m({
    code: 'WST-02', domain: 'waste', lead: 'urban', supports: ['police', 'transport'], tier: 'simple', joint: true,
    name: { zh: '渣土车抛洒/超载', en: 'Muck trucks spilling or overloaded' },
    legalBasis: '《城市建筑垃圾管理规定》第十四条;《道路交通安全法》第四十八条',
    keywords: ['渣土车', '抛洒', '超载', '泥头车', '撒漏'],
  }),
  m({
    code: 'WST-03', domain: 'waste', lead: 'urban', supports: ['police', 'ecology'], tier: 'complex', joint: true,
    name: { zh: '建筑垃圾偷倒', en: 'Fly-tipping of construction waste' },
    legalBasis: '《城市建筑垃圾管理规定》第二十条;《中华人民共和国固体废物污染环境防治法》',
    keywords: ['建筑垃圾', '偷倒', '装修垃圾', '渣土倾倒', '乱倒建渣'],
  }),
  m({
    code: 'WST-04', domain: 'waste', lead: 'urban', supports: ['ecology'], tier: 'simple', joint: false,
    name: { zh: '道路扬尘', en: 'Road dust' },
    legalBasis: '《中华人民共和国大气污染防治法》第七十条',
    keywords: ['道路扬尘', '路面灰尘', '洒水', '扬尘'],
  }),
];
