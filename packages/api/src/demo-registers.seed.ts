import { ManualClock, SYSTEM, creditCodeCheck, dataRequestDueAt, type Business, type Principal } from '@gongzhi/domain';
import type { Alliance } from '@gongzhi/geo';
import { countRegister, dispatch, listInbox, recordedBusinesses, upsertBusinesses, type Database } from '@gongzhi/db';
import { ROADS } from './demo-cases.seed.ts';
import { answerDataRequest, sendDataRequest } from './use-cases/registers.ts';

const TRADES: Array<[string, string]> = [
  ['烧烤', '餐饮服务'],
  ['火锅', '餐饮服务；食品销售'],
  ['小吃店', '餐饮服务'],
  ['便利店', '食品销售；日用百货'],
  ['广告制作部', '广告设计、制作'],
  ['五金店', '五金产品零售'],
  ['水果店', '水果零售'],
  ['茶馆', '茶馆服务'],
];
const STATUSES: Business['status'][] = ['active', 'active', 'active', 'active', 'active', 'active', 'suspended', 'revoked', 'expired'];

const liaison = (city: string, department: string): Principal => ({
  userId: `demo:${city}:${department}`,
  username: `demo-${department}`,
  displayName: department,
  memberships: [{ role: 'liaison', cityAdcode: city, departmentCode: department as never }],
});

/**
 * The demo's shared register (Chengdu market regulation): a few thousand generated businesses along
 * the demo cases' roads, plus every business the demo's enforcement records name (so a lookup shows
 * a history and repeat offenders), and three data requests on open cases: answered on time,
 * answered late, open. Once: skipped when the register has rows.
 */
export async function seedDemoRegisters(deps: { db: Database; alliance: Alliance; now: Date }, options: { count?: number } = {}): Promise<number> {
  const unit = '510100:market';
  if ((await countRegister(deps.db, unit)) > 0) return 0;
  const count = options.count ?? 3000;
  const businesses: Business[] = [];
  for (let n = 1; n <= count; n++) {
    const [trade, scope] = TRADES[n % TRADES.length] ?? ['小吃店', '餐饮服务'];
    const road = ROADS[n % ROADS.length] ?? '春熙路';
    const body = `92510104MA${String(n).padStart(7, '0')}`;
    businesses.push({
      name: `${road}${trade}${n}号店`,
      creditCode: body + creditCodeCheck(body),
      address: `成都市${road}${1 + ((n * 37) % 300)}号`,
      scope,
      status: STATUSES[n % STATUSES.length] ?? 'active',
    });
  }
  for (const b of await recordedBusinesses(deps.db)) {
    businesses.push({ name: b.name, creditCode: b.creditCode, address: `成都市${b.name.slice(0, 4)}`, scope: '餐饮服务；食品销售', status: 'active' });
  }
  const unique = [...new Map(businesses.map((b) => [b.creditCode, b])).values()];
  for (let i = 0; i < unique.length; i += 1000) await upsertBusinesses(deps.db, unit, unique.slice(i, i + 1000), deps.now);

  // data requests from Chengdu's urban unit on three of its open cases
  const open = [...new Set((await listInbox(deps.db, { inboxes: ['510100:urban'] })).flatMap((t) => (t.caseId && t.kind === 'case' ? [t.caseId] : [])))].slice(
    0,
    3,
  );
  const asks: Array<{ to: string; need: string; answerAfterDays: number | null; sentDaysAgo: number }> = [
    { to: 'market', need: '请提供该商户的营业执照登记信息及近一年行政处罚记录', answerAfterDays: 1, sentDaysAgo: 10 },
    { to: 'police', need: '请提供事发路段近三日的监控录像', answerAfterDays: 8, sentDaysAgo: 12 },
    { to: 'planning', need: '请提供该广告牌位置的规划审批情况', answerAfterDays: null, sentDaysAgo: 0 },
  ];
  for (const [i, caseId] of open.entries()) {
    const ask = asks[i];
    if (!ask) break;
    const clock = new ManualClock(new Date(deps.now.getTime() - ask.sentDaysAgo * 86_400_000 - 3_600_000));
    const { requestId } = await sendDataRequest({
      ctx: { db: deps.db, clock, alliance: deps.alliance, principal: liaison('510100', 'urban') },
      input: { caseId, toUnit: `510100:${ask.to}`, need: ask.need, workingDays: 3 },
    });
    if (ask.answerAfterDays !== null) {
      const answerAt = clock.now().getTime() + ask.answerAfterDays * 86_400_000;
      const dueAt = dataRequestDueAt({ sentAt: clock.now().toISOString(), workingDays: 3 }).getTime();
      if (answerAt > dueAt) {
        // past its deadline unanswered: escalated as the timer worker does when it falls due
        clock.set(new Date(dueAt + 60_000));
        await dispatch({ db: deps.db, clock }, { workflowId: requestId, event: { type: 'ANSWER_OVERDUE' }, actor: SYSTEM('timer:answer-due') });
      }
      clock.set(new Date(answerAt));
      await answerDataRequest({
        ctx: { db: deps.db, clock, principal: liaison('510100', ask.to) },
        input: { requestId, text: ask.to === 'market' ? '营业执照存续,近一年有一次警告记录。' : '录像已调取,请到指挥中心查看。' },
      });
    }
  }
  return unique.length;
}
