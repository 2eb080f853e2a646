import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, caseWorkflows, dispatch, loadMatrix, startNewWorkflow } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { openDraft } from '@gongzhi/api/use-cases/open-draft';
import { editDraft } from '@gongzhi/api/use-cases/edit-draft';
import { sendDraft } from '@gongzhi/api/use-cases/send-draft';
import { seedDemoCases } from '@gongzhi/api';
import { SYSTEM, systemClock, type Actor, type Membership, type WorkflowCommand } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/**
 * Every page in both languages and at phone width (issue 11 items 12 and 13): each demo role walks
 * every page its navigation offers and the pages reached from them (a case, a joint action, a public
 * status), opening every dialog a button offers, in zh and in en. A page fails on text of the other
 * script outside what people wrote (marked `data-user`), on a raw key, id or system name anywhere,
 * on a browser's own validation message in the browser's language, and on horizontal scroll at 390 px.
 */
let harness: Harness;
const CD = '510100';
const TIANFU = { lon: 104.0657, lat: 30.6574 };
const PHONE = { width: 390, height: 844 };
type Lang = 'zh' | 'en';

const user = (username: string, m: Membership): Actor => ({ kind: 'user', userId: username, username, memberships: [m] });
const coordinator = user('cd-coordinator', { role: 'coordinator', cityAdcode: CD, departmentCode: null });
const leadership = user('leadership', { role: 'leadership', cityAdcode: null, departmentCode: null });
const liaison = (d: 'urban' | 'market' | 'ecology' | 'housing') => user(`cd-${d}`, { role: 'liaison', cityAdcode: CD, departmentCode: d });

/** Each kind of user once (demo accounts), and the public. */
const ROLES = [null, 'cd-urban', 'cd-urban-supervisor', 'cd-coordinator', 'leadership', 'alliance-office', 'admin'] as const;

/** What the walk found, all of it (a run reports everything at once). */
const findings: string[] = [];
let checked = 0;
let dialogsRead = 0;
const visitedRoutes = new Set<string>();
/** Screenshots and dialogs once per language (a dialog reads the same whoever opens it). */
const seen = new Set<string>();
/** Pages that read the same whoever looks (beyond the header): walked once per language. */
const SAME_FOR_ALL = ['/matrix', '/route', '/status', '/login'];

// ---- what counts as a finding ------------------------------------------------------------------

/** Latin words a Chinese page may carry: coordinate systems, file formats, interfaces by their names. */
const LATIN_IN_ZH = new Set(
  ['WGS84', 'GPS', 'OpenStreetMap', 'GCJ', 'EXIF', 'PDF', 'JPEG', 'JPG', 'PNG', 'MP4', 'CSV', 'XLSX', 'Excel', 'UTF', 'GBK', 'Open311', 'API', 'km'].map((w) =>
    w.toUpperCase(),
  ),
);
/** All-capital words an English page may carry. */
const CAPS_IN_EN = new Set(['WGS84', 'GPS', 'GCJ', 'EXIF', 'PDF', 'JPEG', 'PNG', 'MP4', 'CSV', 'XLSX', 'API', 'KPI', 'PRC', 'SSE']);
const MATTER_CODE = /^[A-Z]{3}-\d{2}$/;
const HAN = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** Raw keys, ids and system names: never on screen, not even inside user data (the platform wrote those). */
const RAW_ANYWHERE: Array<[string, RegExp]> = [
  ['uuid', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i],
  ['system actor', /\bsystem:[a-z]|\btimer:[a-z]|\bescalate-\d/],
];
/** Raw keys outside user data. */
const RAW_CHROME: Array<[string, RegExp]> = [
  ['upper-case key', /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/],
  ['dotted key', /\b[a-z]+\.[A-Z_]{3,}\b|\b[a-z]+\.[a-z]+\.[a-z]+\b/],
  ['camelCase key', /\b(?!dB\b)[a-z]+[A-Z][a-zA-Z]*\b/],
  ['login name', /\b(?:cd|dy|ms|zy)-[a-z]+(?:-[a-z0-9]+)?\b|\balliance-office\b/],
  ['unfilled placeholder', /\{[a-zA-Z]+\}/],
  ['missing value', /\bundefined\b|\bNaN\b|\[object /],
];

interface Text {
  text: string;
  user: boolean;
  where: string;
}

function judge(lang: Lang, where: string, texts: Text[]): string[] {
  const out: string[] = [];
  const add = (what: string, t: Text, hit: string) => out.push(`${lang} ${where} [${t.where}] ${what}: «${hit}» in «${t.text.trim().slice(0, 120)}»`);
  for (const t of texts) {
    for (const [what, re] of RAW_ANYWHERE) {
      const m = re.exec(t.text);
      if (m) add(what, t, m[0]);
    }
    if (t.user) continue;
    for (const [what, re] of RAW_CHROME) {
      const m = re.exec(t.text);
      if (m) add(what, t, m[0]);
    }
    if (lang === 'en') {
      const m = HAN.exec(t.text);
      if (m) add('Chinese on the English page', t, m[0]);
      for (const w of t.text.match(/\b[A-Z][A-Z0-9]{3,}\b/g) ?? []) if (!CAPS_IN_EN.has(w) && !/^\d/.test(w)) add('raw capitals', t, w);
    } else {
      for (const w of t.text.match(/[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/g) ?? []) {
        const word = w.replace(/-\d+$/, '');
        if (!LATIN_IN_ZH.has(word.toUpperCase()) && !MATTER_CODE.test(w)) add('Latin on the Chinese page', t, w);
      }
    }
  }
  return out;
}

/**
 * Everything a person reads on the page: text (shown or not), the attributes a browser shows
 * (placeholder, title, aria-label, alt, a button's value), the tab title, and the message each
 * invalid field would show (checkValidity fires `invalid`, so the portal's own message is set).
 */
function readPage(scope: string | null): Text[] {
  const root: Element = (scope ? document.querySelector(scope) : null) ?? document.body;
  const pageLang = document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';
  const whereOf = (el: Element | null) => {
    const named = el?.closest('[class],[id]');
    return `${el?.tagName.toLowerCase() ?? '?'}${named ? `@${named.id || named.getAttribute('class')}` : ''}`;
  };
  // Text marked as the other language (the language switch) is that language's.
  const foreign = (el: Element) => {
    const l = el.closest('[lang]')?.getAttribute('lang') ?? pageLang;
    return !l.startsWith(pageLang);
  };
  const out: Text[] = [];
  const push = (text: string, el: Element) => {
    if (!text.trim() || foreign(el)) return;
    out.push({ text, user: el.closest('[data-user]') !== null, where: whereOf(el) });
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script,style,noscript,svg title') !== null) continue;
    push(n.nodeValue ?? '', el);
  }
  for (const el of root.querySelectorAll('[placeholder],[title],[aria-label],[alt],input[type=submit],input[type=button]')) {
    for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
      const v = el.getAttribute(a);
      if (v) push(v, el);
    }
    if (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'button')) push(el.value, el);
  }
  for (const el of root.querySelectorAll('input,select,textarea')) {
    const field = el as HTMLInputElement;
    if (field.willValidate && !field.checkValidity()) push(field.validationMessage, field);
  }
  if (!scope) push(document.title, document.documentElement);
  return out;
}

// ---- the browser side ---------------------------------------------------------------------------

/** The page has drawn what it loads: a heading and nothing busy, in two frames one after the other. */
async function settled(page: Page): Promise<void> {
  // No timeout of its own: on a busy machine it just takes longer (the test's timeout catches a hang).
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const calm = () => document.querySelector('main h1:not([data-left])') !== null && document.querySelector('[aria-busy=true]') === null;
        if (!calm()) return resolve(false);
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(calm())));
      }),
    undefined,
    { timeout: 0, polling: 50 },
  );
}

async function check(page: Page, lang: Lang, where: string, scope: string | null = null): Promise<void> {
  findings.push(...judge(lang, where, await page.evaluate(readPage, scope)));
}

async function overflow(page: Page, lang: Lang, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement?.scrollWidth ?? 0, innerWidth: window.innerWidth }));
  if (scrollWidth <= PHONE.width && innerWidth <= PHONE.width) return;
  const culprits = await page.evaluate((width) => {
    // The outermost elements reaching past the edge: what to fix.
    const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 0.5);
    return wide
      .filter((el) => !wide.includes(el.parentElement as Element) || el.parentElement?.getBoundingClientRect().right !== el.getBoundingClientRect().right)
      .slice(-3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} ${Math.round(el.getBoundingClientRect().right)}`);
  }, PHONE.width);
  findings.push(`${lang} ${where} scrolls sideways at ${PHONE.width} px: ${scrollWidth} > ${innerWidth} (${culprits.join('; ')})`);
}

/** At phone width the header is one row; its menu opens below it with every item in view. */
async function menu(page: Page, lang: Lang, who: string): Promise<void> {
  const header = page.locator('header');
  const closed = (await header.boundingBox())?.height ?? 0;
  if (closed > 64) findings.push(`${lang} header is ${Math.round(closed)} px tall at ${PHONE.width} px (${who})`);
  await page.locator('header .menu-toggle').click();
  await page.locator('header nav').waitFor();
  const hidden = await page.locator('header nav a, header .session > *').evaluateAll((items, width) => {
    return items
      .filter((a) => {
        const r = a.getBoundingClientRect();
        return r.width === 0 || r.left < 0 || r.right > width;
      })
      .map((a) => a.textContent ?? '');
  }, PHONE.width);
  if (hidden.length > 0) findings.push(`${lang} the menu hides ${hidden.join(', ')} (${who})`);
  await overflow(page, lang, `menu (${who})`);
  if (!seen.has(`${lang} menu ${who}`)) {
    seen.add(`${lang} menu ${who}`);
    await page.screenshot({ path: `${ARTIFACTS}walk-${lang}-menu-${who}.png` });
  }
  await page.locator('header .menu-toggle').click();
  if (who === 'public') return;
  // The header's panels: what changed for me, and a search's results.
  await page.locator('header .bell').click();
  await check(page, lang, `notifications (${who})`, '.notification-panel');
  await overflow(page, lang, `notifications (${who})`);
  await page.keyboard.press('Escape');
  await page.locator('.notification-panel').waitFor({ state: 'detached' });
  const search = page.getByRole('search').getByRole('searchbox');
  await search.fill('天府大道');
  await search.press('Enter');
  await page.locator('.search-results').waitFor();
  await check(page, lang, `search results (${who})`, '.search-results');
  await overflow(page, lang, `search results (${who})`);
  await search.press('Escape');
  await page.locator('.search-results').waitFor({ state: 'detached' });
}

/** The labels of the buttons that open a dialog (they end in "…"); given a label, clicks the first such button. */
function dialogButtons(click: string | null): string[] {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('main button')].filter(
    (b) => !b.disabled && b.offsetParent !== null && /(…|\.\.\.)$/.test((b.textContent ?? '').trim()),
  );
  if (click !== null && !document.querySelector('dialog[open]')) buttons.find((b) => (b.textContent ?? '').trim() === click)?.click();
  return buttons.map((b) => (b.textContent ?? '').trim());
}

/** Opens every dialog a button offers (buttons ending in "…"), once per label, and reads it. */
async function dialogs(page: Page, lang: Lang, where: string): Promise<void> {
  const ellipsis = /(…|\.\.\.)$/;
  const labels = [...new Set(await page.evaluate(dialogButtons, null))].filter((l) => !seen.has(`${lang} dialog ${l}`));
  for (const label of labels) {
    seen.add(`${lang} dialog ${label}`);
    // A click in the page itself (a virtual list may recycle a row a pointer would scroll to first), again
    // should a refetched list have made the row, and the dialog it opened, anew.
    await expect.poll(() => page.evaluate(dialogButtons, label).then(() => page.locator('dialog[open]').count())).toBeGreaterThan(0);
    const dialog = page.locator('dialog[open]');
    const title = (await dialog.locator('h2').first().textContent()) ?? '';
    if (ellipsis.test(title)) findings.push(`${lang} ${where} dialog title ends in an ellipsis: «${title}»`);
    await check(page, lang, `${where} dialog «${label}»`, 'dialog[open]');
    dialogsRead++;
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }
}

/**
 * Goes to `path` as the portal's own links do (no reload: the shell, who is signed in and the reference
 * data stay), or loads it when only the query changes; then waits for the new page's heading.
 */
async function go(page: Page, path: string): Promise<void> {
  const target = new URL(path, harness.baseUrl);
  if (new URL(page.url()).pathname === target.pathname || !page.url().startsWith(harness.baseUrl)) {
    await page.goto(target.href);
  } else {
    await page.evaluate((p) => {
      document.querySelector('main h1')?.setAttribute('data-left', '');
      history.pushState(null, '', p);
      dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  }
  await settled(page);
}

async function visit(page: Page, lang: Lang, path: string): Promise<void> {
  await go(page, path);
  const route = routeOf(new URL(page.url()).pathname);
  visitedRoutes.add(route);
  const where = `${path}`;
  await check(page, lang, where);
  await overflow(page, lang, where);
  const shot = `${lang}${route.replace(/[/:]+/g, '-')}`;
  if (!seen.has(shot)) {
    seen.add(shot);
    // the first screen (the whole page with WALK_FULL_PAGE=1: slower, for looking at every page's layout)
    await page.screenshot({ path: `${ARTIFACTS}walk-${shot}.png`, fullPage: process.env.WALK_FULL_PAGE === '1' });
  }
  for (const tab of await page.locator('main [role=tab][aria-selected=false]').all()) {
    await tab.click();
    await settled(page);
    await check(page, lang, `${where} tab «${await tab.textContent()}»`);
    await overflow(page, lang, `${where} tab`);
  }
  await dialogs(page, lang, where);
  // Nothing took the person elsewhere meanwhile (a public page's live updates once sent visitors to the sign-in page).
  const now = new URL(page.url()).pathname;
  if (now !== new URL(path, harness.baseUrl).pathname) findings.push(`${lang} ${where} went to ${now} by itself`);
  checked++;
}

// ---- routes -------------------------------------------------------------------------------------

/** The portal router's routes, read from App.tsx, so a new page cannot be left out of the walk. */
const ROUTES = [...readFileSync(new URL('../src/App.tsx', import.meta.url), 'utf8').matchAll(/<Route path="([^"]+)"/g)]
  .map((m) => m[1] ?? '')
  .filter((p) => p !== '*' && p !== '/');

function routeOf(pathname: string): string {
  for (const r of ROUTES) {
    const re = new RegExp(`^${r.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
    if (re.test(pathname)) return r;
  }
  return pathname;
}

// ---- data ---------------------------------------------------------------------------------------

const ids = { caseId: '', number: 0, jointCase: '', jointId: '', closedNumber: 0, draftId: '' };

async function seed(): Promise<void> {
  const db = harness.handle.db;
  const engine = { db, clock: systemClock };
  const send = (workflowId: string, actor: Actor, event: WorkflowCommand) => dispatch(engine, { workflowId, actor, event });
  const intake = (matter: string, description: string) =>
    intakeCase(
      { db, clock: systemClock, alliance: harness.alliance },
      { matter, ...TIANFU, description, source: 'hotline', reporterName: '王先生', reporterPhone: '13800001111', address: '天府大道北段' },
      coordinator,
    );
  // A little of everything the demo has: every state, triage, harmonisation proposals.
  await seedDemoCases({ db, alliance: harness.alliance, now: new Date() }, { count: 40 });

  // A draft amendment out for consultation (the urban unit of Chengdu is asked).
  const office = {
    db,
    clock: systemClock,
    alliance: harness.alliance,
    principal: {
      userId: 'leadership',
      username: 'leadership',
      displayName: '整改工作领导小组',
      memberships: leadership.kind === 'user' ? leadership.memberships : [],
    },
  };
  const { draftId } = await openDraft({ ctx: office, input: { title: '占用机动车道影响通行改由城管主办' } });
  await editDraft({
    ctx: office,
    input: { draftId, revision: 1, operations: [{ op: 'change', matter: 'VEN-04', set: { lead: 'urban', supports: ['police'] } }] },
  });
  await sendDraft({ ctx: office, input: { draftId } });
  ids.draftId = draftId;

  // The case every role opens: warned and escalated by the clock, reminded, claimed, an extension asked, supervised, assigned, commented.
  const main = await intake('VEN-02', '商户出店经营占道,多次反映无人处理');
  Object.assign(ids, { caseId: main.caseId, number: main.number });
  await send(main.caseId, SYSTEM('timer:response-warning'), { type: 'RESPONSE_WARNING' });
  for (const level of [1, 2]) await send(main.caseId, SYSTEM(`timer:escalate-${level}`), { type: 'ESCALATE', level });
  await send(main.caseId, coordinator, { type: 'REMIND', note: '请今天内签收' });
  await send(main.caseId, liaison('urban'), { type: 'CLAIM' });
  await send(main.caseId, liaison('urban'), { type: 'START' });
  await send(main.caseId, liaison('urban'), { type: 'PROGRESS', note: '已约谈商户' });
  await send(main.caseId, leadership, { type: 'SUPERVISE', note: '三日内办结', dueBy: new Date(Date.now() + 3 * 86_400_000).toISOString() });
  await send(main.caseId, leadership, { type: 'COMMENT', text: '注意取证' });
  await send(main.caseId, liaison('urban'), { type: 'REQUEST_EXTENSION', reason: '等待商户整改', until: new Date(Date.now() + 10 * 86_400_000).toISOString() });

  // A transfer rejected, a dispute heard and ruled by leadership, the ruling promoted to the matrix (last: it changes VEN-02); and one awaiting a ruling.
  let ruled = '';
  for (const [description, rule] of [
    ['门头招牌占道,双方均认为不归本部门', true],
    ['商户门前摆摊,双方均认为不归本部门', false],
  ] as const) {
    const c = await intake('VEN-02', description);
    await send(c.caseId, liaison('urban'), {
      type: 'TRANSFER',
      to: `${CD}:market`,
      reason: '疑似无照经营',
      cited: { matterCode: 'VEN-03', leadUnit: `${CD}:market` },
    });
    const transfer = (await caseWorkflows(db, c.caseId)).find((w) => w.kind === 'transfer');
    await send(transfer?.id ?? '', liaison('market'), { type: 'REJECT', reason: '持照经营,属出店经营' });
    const dispute = (await caseWorkflows(db, c.caseId)).find((w) => w.kind === 'dispute')?.id ?? '';
    await send(dispute, liaison('urban'), { type: 'FILE_STATEMENT', text: '应由市场监管主办', clauses: ['VEN-03'] });
    await send(dispute, liaison('market'), { type: 'FILE_STATEMENT', text: '应由城管主办', clauses: ['VEN-02'] });
    if (!rule) continue;
    await send(dispute, leadership, { type: 'RULE', lead: `${CD}:market`, supports: [`${CD}:urban`], reasons: '按职责清单,由市场监管主办' });
    ruled = dispute;
  }

  // A joint action on a matter led with supports, co-signed by one of them.
  const matrix = await loadMatrix(db);
  const joint = matrix.matters.find((m) => m.joint && m.supports.length > 1);
  if (!joint) throw new Error('no joint matter with two supports');
  const j = await intake(joint.code, '多部门联合整治的案件');
  const lead = `${CD}:${joint.lead}`;
  const leader = user(`cd-${joint.lead}`, { role: 'liaison', cityAdcode: CD, departmentCode: joint.lead });
  await send(j.caseId, leader, { type: 'CLAIM' });
  await send(j.caseId, leader, { type: 'START' });
  const co = joint.supports.map((d) => `${CD}:${d}`);
  const jointId = await startNewWorkflow(
    engine,
    'joint',
    {
      caseId: j.caseId,
      cityAdcode: CD,
      lead,
      coDepartments: co,
      action: '联合整治',
      scheduledFor: new Date(Date.now() + 86_400_000).toISOString(),
      proposedAt: new Date().toISOString(),
    },
    leader,
  );
  const first = joint.supports[0];
  if (first) await send(jointId, user(`cd-${first}`, { role: 'liaison', cityAdcode: CD, departmentCode: first }), { type: 'COSIGN' });
  Object.assign(ids, { jointCase: j.caseId, jointId });

  // A closed case, rated, for the public status page.
  const closed = await intake('VEN-02', '夜市摊点占用盲道');
  await send(closed.caseId, liaison('urban'), { type: 'CLAIM' });
  await send(closed.caseId, liaison('urban'), { type: 'START' });
  await send(closed.caseId, liaison('urban'), { type: 'RESOLVE', note: '已清理' });
  await send(closed.caseId, { kind: 'reporter' }, { type: 'CONFIRM', satisfied: true, comment: '满意' });
  ids.closedNumber = closed.number;
  await send(ruled, leadership, { type: 'PROMOTE', reason: '裁定写入职责矩阵' });
}

/** Pages beyond the navigation's: the case, its joint action, a public status, one's account; the matrix and the route preview with a matter. */
const extras = (signedIn: boolean): string[] => [
  ...(signedIn ? [`/cases/${ids.caseId}`, `/cases/${ids.jointCase}/joint/${ids.jointId}`, '/account'] : ['/login']),
  `/status?number=${ids.closedNumber}`,
  '/matrix?matter=FUM-01',
  ...(signedIn ? ['/matrix/drafts', `/matrix/drafts/${ids.draftId}`] : []),
  '/route?matter=FUM-02',
];

/**
 * A demo account's session cookie, from the call the sign-in page makes (the sign-in page itself is
 * walked as the public's): no page to load for it.
 */
async function signIn(username: string): Promise<Awaited<ReturnType<BrowserContext['storageState']>>> {
  const context = await harness.newContext();
  const answer = await context.request.post(`${harness.baseUrl}/trpc/auth.login`, {
    data: { username, password: DEMO_PASSWORD },
    headers: { origin: harness.baseUrl },
  });
  expect(answer.status()).toBe(200);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** A phone in the other language's locale, so a browser's own message would show in the wrong language. */
async function phoneIn(lang: Lang, state: Awaited<ReturnType<BrowserContext['storageState']>> | undefined): Promise<Page> {
  const context = await harness.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale: lang === 'zh' ? 'en-US' : 'zh-CN',
    ...(state ? { storageState: state } : {}),
  });
  await context.addInitScript((l) => localStorage.setItem('gongzhi.lang', l), lang);
  return context.newPage();
}

beforeAll(async () => {
  harness = await startHarness();
  await seed();
});
afterAll(async () => {
  writeFileSync(`${ARTIFACTS}walk-findings.txt`, `${checked} pages × languages checked, ${dialogsRead} dialogs read\n${findings.join('\n')}\n`);
  await harness?.close();
});

describe('every page, in both languages, at phone width, in Chromium', () => {
  it('shows no text of the other script outside user data, no raw key, id or system name, and never scrolls sideways', async () => {
    for (const username of ROLES) {
      const state = username ? await signIn(username) : undefined;
      for (const lang of ['zh', 'en'] as const) {
        const page = await phoneIn(lang, state);
        await page.goto(`${harness.baseUrl}/status`);
        await settled(page);
        await menu(page, lang, username ?? 'public');
        const nav = await page.locator('header nav a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        const paths = [...new Set([...nav, ...extras(username !== null)])].filter(
          (p) => !SAME_FOR_ALL.some((s) => p.startsWith(s)) || !seen.has(`${lang} ${p}`),
        );
        for (const path of paths) {
          seen.add(`${lang} ${path}`);
          await visit(page, lang, path);
        }
        await page.context().close();
      }
    }
    console.log(`language walk: ${checked} pages × languages checked, ${dialogsRead} dialogs read, ${findings.length} findings`);
    expect(ROUTES.filter((r) => !visitedRoutes.has(r))).toEqual([]);
    expect(findings).toEqual([]);
  });
});
