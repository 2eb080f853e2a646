import ExcelJS from 'exceljs';
import { creditCodeCheck } from '@gongzhi/domain';
import { csvLine } from './spreadsheet-out.ts';

const HEADER = ['企业名称', '统一社会信用代码', '住所', '经营范围', '登记状态'];
const TRADES = ['餐饮', '烧烤', '火锅', '便利店', '五金', '广告', '装饰', '汽修', '美容美发', '茶馆', '药房', '水果'];
const SCOPES: Record<string, string> = {
  餐饮: '餐饮服务；食品销售',
  烧烤: '餐饮服务(不含露天烧烤)',
  火锅: '餐饮服务；食品销售',
  便利店: '食品销售；日用百货销售',
  五金: '五金产品零售',
  广告: '广告设计、制作、发布',
  装饰: '住宅室内装饰装修',
  汽修: '机动车维修',
  美容美发: '美容服务；理发服务',
  茶馆: '茶馆服务；棋牌室',
  药房: '药品零售',
  水果: '水果零售',
};
const NAMES = ['蓉城', '锦江', '天府', '青羊', '金牛', '成华', '武侯', '锦官', '川味', '老街', '巴蜀', '玉林', '望江', '宽窄', '文殊', '东郊'];
const STATUSES = ['存续', '存续', '存续', '存续', '存续', '在业', '停业', '吊销', '注销'];

/** Deterministic pseudo-random numbers (mulberry32), so a generated register is the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The credit code of the n-th generated business of an area (valid check character). */
export function generatedCreditCode(area: string, n: number): string {
  const body = `92${area.slice(0, 6)}MA${String(n).padStart(7, '0')}`.slice(0, 17);
  return body + creditCodeCheck(body);
}

/**
 * A generated business register (市场监管 licensed businesses) along the given streets: names,
 * valid credit codes, addresses with house numbers, scope and status. Deterministic.
 */
export function generateRegister(count: number, options: { streets: readonly string[]; area?: string; seed?: number }): string[][] {
  const rnd = random(options.seed ?? 14);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const rows: string[][] = [];
  for (let n = 1; n <= count; n++) {
    const trade = pick(TRADES);
    const street = options.streets[n % options.streets.length] ?? '人民路';
    const name = `成都${pick(NAMES)}${pick(NAMES)}${trade}${n % 7 === 0 ? '有限公司' : '店'}${n}`;
    rows.push([name, generatedCreditCode(options.area ?? '510104', n), `${street}${1 + Math.floor(rnd() * 300)}号`, SCOPES[trade] ?? trade, pick(STATUSES)]);
  }
  return rows;
}

export function registerCsv(rows: readonly (readonly string[])[]): string {
  return [HEADER, ...rows].map((r) => `${csvLine(r)}\r\n`).join('');
}

export async function writeRegisterXlsx(path: string, rows: readonly (readonly string[])[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('登记');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow([...r]);
  await wb.xlsx.writeFile(path);
}
