/** The alliance's department kinds and the domains of the responsibility list (职责清单). */

export interface Name {
  zh: string;
  en: string;
}

export const DEPARTMENT_CODES = [
  'urban',
  'police',
  'market',
  'ecology',
  'planning',
  'housing',
  'transport',
  'water',
  'parks',
  'commerce',
  'emergency',
  'subdistrict',
] as const;
export type DepartmentCode = (typeof DEPARTMENT_CODES)[number];

export const DEPARTMENTS: Readonly<Record<DepartmentCode, Name>> = {
  urban: { zh: '城市管理委员会(综合行政执法)', en: 'Urban Management & Comprehensive Enforcement' },
  police: { zh: '公安局(含交警)', en: 'Public Security Bureau (incl. Traffic Police)' },
  market: { zh: '市场监督管理局', en: 'Market Regulation Administration' },
  ecology: { zh: '生态环境局', en: 'Ecology and Environment Bureau' },
  planning: { zh: '规划和自然资源局', en: 'Planning and Natural Resources Bureau' },
  housing: { zh: '住房和城乡建设局', en: 'Housing and Urban-Rural Development Bureau' },
  transport: { zh: '交通运输局', en: 'Transport Bureau' },
  water: { zh: '水务局', en: 'Water Affairs Bureau' },
  parks: { zh: '公园城市建设管理局', en: 'Park City Construction and Management Bureau' },
  commerce: { zh: '商务局', en: 'Commerce Bureau' },
  emergency: { zh: '应急管理局', en: 'Emergency Management Bureau' },
  subdistrict: { zh: '属地街道办事处/乡镇', en: 'Subdistrict Office / Township (territorial)' },
};

export const DOMAIN_CODES = ['advertising', 'vending', 'noise', 'construction', 'sanitation', 'facilities', 'fumes', 'waste'] as const;
export type DomainCode = (typeof DOMAIN_CODES)[number];

export const DOMAINS: Readonly<Record<DomainCode, Name>> = {
  advertising: { zh: '户外广告与招牌', en: 'Outdoor advertising and signboards' },
  vending: { zh: '占道经营', en: 'Street vending and road occupation' },
  noise: { zh: '噪声污染', en: 'Noise pollution' },
  construction: { zh: '违法建设', en: 'Illegal construction' },
  sanitation: { zh: '环境卫生与垃圾分类', en: 'Sanitation and waste sorting' },
  facilities: { zh: '市政设施与公共空间', en: 'Municipal facilities and public space' },
  fumes: { zh: '餐饮油烟与露天烧烤', en: 'Cooking fumes and open-air barbecue' },
  waste: { zh: '建筑垃圾与扬尘', en: 'Construction waste and dust' },
};

/** SLA tiers (诉求分级处置): simple → respond in 2 h; complex → feedback in 24 h; difficult → a plan in 48 h. */
export const TIERS = ['simple', 'complex', 'difficult'] as const;
export type Tier = (typeof TIERS)[number];

/** How a complaint reached the platform. */
export const CASE_SOURCES = ['hotline', 'app', 'patrol', 'sensor'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const RESPONSE_HOURS: Readonly<Record<Tier, number>> = { simple: 2, complex: 24, difficult: 48 };

/** How a resolution limit (处置时限) is counted: working hours (the clock runs on working days only) or working days. */
export const RESOLUTION_UNITS = ['workingHours', 'workingDays'] as const;
export type ResolutionUnit = (typeof RESOLUTION_UNITS)[number];
export interface ResolutionLimit {
  amount: number;
  unit: ResolutionUnit;
}

/** A matter's resolution limit unless the matrix records another: urgent matters in hours, the rest in working days. */
export const RESOLUTION_LIMITS: Readonly<Record<Tier, ResolutionLimit>> = {
  simple: { amount: 24, unit: 'workingHours' },
  complex: { amount: 5, unit: 'workingDays' },
  difficult: { amount: 15, unit: 'workingDays' },
};

export const ROLES = ['liaison', 'supervisor', 'coordinator', 'leadership', 'alliance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const unitId = (cityAdcode: string, department: DepartmentCode) => `${cityAdcode}:${department}`;
