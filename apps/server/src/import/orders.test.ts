import { describe, expect, it } from 'vitest';
import { MATRIX_V1_MATTERS } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { mapHeader, matterOfCategory, parseOrder, parseOrderTime } from './orders.ts';

const matrix = { version: 1, createdAt: '', createdBy: '', reason: '', matters: MATRIX_V1_MATTERS };
const alliance = loadAlliance();
const header = ['工单编号', '受理时间', '诉求内容', '事发地址', '经度', '纬度', '诉求分类'];
const { columns } = mapHeader(header);
const parse = (fields: string[]) => parseOrder(fields, columns, { matrix, alliance, reportedIn: '510100' });

describe('12345 work orders', () => {
  it('maps Chinese or English headers and names what is missing', () => {
    expect(mapHeader(['order_no', 'time', 'description', 'lon', 'lat']).missing).toEqual([]);
    expect(mapHeader(['\uFEFF工单编号', '诉求内容']).missing).toEqual(['受理时间 (time)', '地址 (address) 或 经度/纬度 (lon/lat)']);
  });

  it('reads hotline times as Beijing time and refuses impossible ones', () => {
    expect(parseOrderTime('2026-11-27 08:30')?.toISOString()).toBe('2026-11-27T00:30:00.000Z');
    expect(parseOrderTime('2026/1/5 8:05:09')?.toISOString()).toBe('2026-01-05T00:05:09.000Z');
    expect(parseOrderTime('2026年11月27日')?.toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(parseOrderTime('2026-11-27T10:00:00+08:00')?.toISOString()).toBe('2026-11-27T02:00:00.000Z');
    expect(parseOrderTime('2026-02-30 10:00')).toBeNull();
    expect(parseOrderTime('昨天下午')).toBeNull();
  });

  it('matches a category by code or by the matter’s name', () => {
    expect(matterOfCategory(matrix, 'fum-02')).toBe('FUM-02');
    expect(matterOfCategory(matrix, '露天烧烤')).toBe('FUM-02');
    expect(matterOfCategory(matrix, '城管类-露天烧烤')).toBe('FUM-02');
    expect(matterOfCategory(matrix, '其他')).toBeNull();
  });

  it('turns a good order into an intake and names the reason for a bad one', () => {
    const good = parse(['GD1', '2026-11-27 08:30', '路边烧烤烟大', '成都市锦江区春熙路', '104.08', '30.655', '露天烧烤']);
    expect(good).toMatchObject({ ok: true, input: { matter: 'FUM-02', externalRef: '12345:GD1', lon: 104.08, source: 'hotline', reportedIn: '510100' } });
    const byAddress = parse(['GD2', '2026-11-27 08:30', '路灯不亮', '成都市武侯区玉林北路', '', '', '']);
    expect(byAddress).toMatchObject({ ok: true, input: { approximate: true } });
    expect(byAddress.ok && byAddress.input.matter).toBeFalsy();
    expect(parse(['', '2026-11-27', 'x', '成都市锦江区', '', '', ''])).toMatchObject({ ok: false, reason: '缺少工单编号' });
    expect(parse(['GD3', '昨天', 'x', '成都市锦江区', '', '', ''])).toMatchObject({ ok: false, reason: '受理时间“昨天”无法识别' });
    expect(parse(['GD4', '2026-11-27', '', '成都市锦江区', '', '', ''])).toMatchObject({ ok: false, reason: '诉求内容为空' });
    expect(parse(['GD5', '2026-11-27', 'x', '', '116.4', '39.9', ''])).toMatchObject({
      ok: false,
      reason: '坐标(116.4, 39.9)不在成都、德阳、眉山、资阳四市范围内',
    });
    expect(parse(['GD6', '2026-11-27', 'x', '路边', '', '', ''])).toMatchObject({ ok: false, reason: '地址“路边”中没有可识别的区县,且没有坐标' });
    expect(parse(['GD7', '2026-11-27', 'x', '', '104.1', '', ''])).toMatchObject({ ok: false });
  });
});
