import { describe, expect, it } from 'vitest';
import { clauses } from './clauses.ts';

const roles = (text: string) => clauses(text).map((c) => `${c.role}:${c.text}`);

describe('clauses of a complaint', () => {
  it('takes the part after "不是 X，是 Y" as the request and rules X out', () => {
    expect(roles('不是下水道堵了，是路面塌陷了')).toEqual(['negated:不是下水道堵了', 'request:是路面塌陷了']);
  });

  it('reads "X 倒没问题，问题是 Y"', () => {
    expect(roles('路灯倒没问题，问题是灯杆上绑满了广告')).toEqual(['negated:路灯倒没问题', 'request:问题是灯杆上绑满了广告']);
  });

  it('splits "不是 X 是 Y" written without a comma, keeping the subject as context', () => {
    expect(roles('这个不是报修是投诉')).toEqual(['context:这个', 'negated:报修', 'request:投诉']);
    expect(roles('噪音不是工地施工本身，而是旁边那家工厂的机器')).toEqual(['context:噪音', 'negated:不是工地施工本身', 'request:而是旁边那家工厂的机器']);
  });

  it('treats "works fine" as ruling out, and a plain sentence as context only', () => {
    expect(roles('路灯都是好的，问题是广告')).toEqual(['negated:路灯都是好的', 'request:问题是广告']);
    expect(roles('楼下烧烤摊每天晚上烟熏火燎，到凌晨')).toEqual(['context:楼下烧烤摊每天晚上烟熏火燎', 'context:到凌晨']);
  });
});
