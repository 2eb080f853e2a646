import type { Alliance } from '@gongzhi/geo';
import type { MatrixVersion } from '@gongzhi/domain';
import type { IntakeInput } from '@gongzhi/api/use-cases';

/** Column names a 12345 work-order export may use, Chinese or English (first match wins). */
const COLUMNS = {
  orderNo: ['工单编号', '工单号', '编号', 'order_no', 'order number', 'orderno', 'id'],
  time: ['受理时间', '来电时间', '登记时间', '时间', 'time', 'received_at', 'created_at'],
  description: ['诉求内容', '工单内容', '内容', '问题描述', 'description', 'content'],
  address: ['事发地址', '地址', '事发地点', 'address'],
  lon: ['经度', 'lon', 'lng', 'longitude', 'long'],
  lat: ['纬度', 'lat', 'latitude'],
  category: ['诉求分类', '事项分类', '分类', '事项', 'category', 'matter'],
  reporterName: ['来电人', '联系人', '诉求人', 'name'],
  reporterPhone: ['联系电话', '电话', 'phone'],
} as const;
export type Column = keyof typeof COLUMNS;

/** Which field of a row holds what, from the header row; an error names what is missing. */
export function mapHeader(header: readonly string[]): { columns: Partial<Record<Column, number>>; missing: string[] } {
  const norm = header.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const columns: Partial<Record<Column, number>> = {};
  for (const [column, names] of Object.entries(COLUMNS) as Array<[Column, readonly string[]]>) {
    const i = norm.findIndex((h) => names.includes(h));
    if (i >= 0) columns[column] = i;
  }
  const missing: string[] = [];
  if (columns.orderNo === undefined) missing.push('工单编号 (order_no)');
  if (columns.time === undefined) missing.push('受理时间 (time)');
  if (columns.description === undefined) missing.push('诉求内容 (description)');
  if (columns.address === undefined && (columns.lon === undefined || columns.lat === undefined)) missing.push('地址 (address) 或 经度/纬度 (lon/lat)');
  return { columns, missing };
}

export type OrderResult = { ok: true; orderNo: string; input: IntakeInput } | { ok: false; orderNo: string; reason: string };

/** "2026-11-27 08:30", "2026/11/27 8:30:00" or ISO; a time without zone is Beijing time. */
export function parseOrderTime(text: string): Date | null {
  const t = text.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) {
    const [, y = '', mo = '', d = '', h = '0', mi = '0', s = '0'] = m;
    const local = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
    // 2026-02-30 or 25:00 would roll over: refuse instead.
    const same =
      local.getUTCFullYear() === +y &&
      local.getUTCMonth() === +mo - 1 &&
      local.getUTCDate() === +d &&
      local.getUTCHours() === +h &&
      local.getUTCMinutes() === +mi;
    return same ? new Date(local.getTime() - 8 * 3_600_000) : null;
  }
  const iso = Date.parse(t);
  return /\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(iso) ? new Date(iso) : null;
}

/** A category as the hotline wrote it: a matter code, or a matter's Chinese name (exactly or contained). */
export function matterOfCategory(matrix: MatrixVersion, category: string): string | null {
  const c = category.trim();
  if (!c) return null;
  const upper = c.toUpperCase();
  const byCode = matrix.matters.find((m) => m.code === upper);
  if (byCode) return byCode.code;
  const exact = matrix.matters.find((m) => m.name.zh === c);
  if (exact) return exact.code;
  const contained = matrix.matters.filter((m) => c.includes(m.name.zh) || m.name.zh.includes(c));
  const [only] = contained;
  return contained.length === 1 && only ? only.code : null;
}

/**
 * One work order → the intake of a case, or the reason it cannot be taken (in Chinese, for the
 * rejects file). Coordinates win over the address; an address alone places the case in the
 * district it names. The order number makes the import idempotent (`12345:<order>`).
 */
export function parseOrder(
  fields: readonly string[],
  columns: Partial<Record<Column, number>>,
  ctx: { matrix: MatrixVersion; alliance: Alliance; reportedIn: string },
): OrderResult {
  const get = (c: Column) => {
    const at = columns[c];
    return at === undefined ? '' : (fields[at] ?? '').trim();
  };
  const orderNo = get('orderNo');
  const reject = (reason: string): OrderResult => ({ ok: false, orderNo, reason });
  if (!orderNo) return reject('缺少工单编号');
  const time = get('time');
  const reportedAt = parseOrderTime(time);
  if (!reportedAt) return reject(`受理时间“${time}”无法识别`);
  const description = get('description');
  if (!description) return reject('诉求内容为空');
  if ([...description].length > 4000) return reject('诉求内容超过 4000 字');
  const address = get('address');
  const lonText = get('lon');
  const latText = get('lat');
  let point: { lon: number; lat: number; approximate?: boolean };
  if (lonText || latText) {
    const lon = Number(lonText);
    const lat = Number(latText);
    if (!lonText || !latText || !Number.isFinite(lon) || !Number.isFinite(lat)) return reject(`坐标“${lonText},${latText}”无效`);
    if (!ctx.alliance.locate(lon, lat)) return reject(`坐标(${lon}, ${lat})不在成都、德阳、眉山、资阳四市范围内`);
    point = { lon, lat };
  } else {
    const placed = address ? ctx.alliance.placeAddress(address) : null;
    if (!placed) return reject(address ? `地址“${address}”中没有可识别的区县,且没有坐标` : '没有地址也没有坐标');
    point = { lon: placed.lon, lat: placed.lat, approximate: true };
  }
  const category = get('category');
  const matter = category ? matterOfCategory(ctx.matrix, category) : null;
  const phone = get('reporterPhone');
  return {
    ok: true,
    orderNo,
    input: {
      ...point,
      ...(matter ? { matter } : {}),
      reportedIn: ctx.reportedIn,
      // An unrecognised category still helps the classifier.
      description: matter || !category ? description : `【${category}】${description}`,
      address: address || undefined,
      reporterName: get('reporterName') || undefined,
      reporterPhone: /^[0-9+\- ]{5,20}$/.test(phone) ? phone : undefined,
      source: 'hotline',
      externalRef: `12345:${orderNo}`,
      reportedAt,
    },
  };
}
