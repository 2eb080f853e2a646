import { importPeople, type PeopleImport } from '@gongzhi/api/use-cases/import-people';
import type { AdminContext } from '@gongzhi/api/use-cases/administrator';
import { DomainError, PEOPLE_COLUMNS, mapPeopleHeader, type Membership, type OnboardingReason } from '@gongzhi/domain';
import { EncodingError } from './encoding.ts';
import { readRows } from './read-rows.ts';
import { csvLine, type Cell } from './spreadsheet-out.ts';

export type Lang = 'zh' | 'en';

/** The reasons of the rejects file, in the administrator's language (the portal has its own words for the screen). */
const REASONS: Readonly<Record<Lang, Record<OnboardingReason, string>>> = {
  zh: {
    USERNAME_INVALID: '用户名无效(3–32 位小写字母、数字、点、横线、下划线)',
    NAME_MISSING: '缺少姓名',
    PHONE_INVALID: '手机号码格式无效',
    ROLE_UNKNOWN: '角色无法识别',
    CITY_UNKNOWN: '城市不在成德眉资四市之内',
    DEPARTMENT_UNKNOWN: '部门无法识别',
    MEMBERSHIP_INVALID: '角色与城市、部门不匹配(联络员和科室负责人需要城市和部门,协调员需要城市,领导小组和联盟协调办不属于城市)',
    ROWS_DISAGREE: '同一用户名的几行姓名或电话不一致',
    NOT_IN_SCOPE: '不在您的管理范围内',
    SELF: '不能通过导入修改自己的账号',
  },
  en: {
    USERNAME_INVALID: 'Invalid username (3–32 lower-case letters, digits, dot, dash, underscore)',
    NAME_MISSING: 'No name',
    PHONE_INVALID: 'Invalid mobile number',
    ROLE_UNKNOWN: 'Unknown role',
    CITY_UNKNOWN: 'Not one of the four alliance cities',
    DEPARTMENT_UNKNOWN: 'Unknown department',
    MEMBERSHIP_INVALID:
      'Role, city and department do not fit (liaisons and supervisors need a city and a department, coordinators a city; leadership and the alliance office no city)',
    ROWS_DISAGREE: 'Rows of this username disagree on name or phone',
    NOT_IN_SCOPE: 'Outside what you administer',
    SELF: 'Your own account cannot be changed by an import',
  },
};

const HEADERS = {
  zh: { rejects: ['行号', '用户名', '原因'], passwords: ['用户名', '姓名', '角色', '临时密码'] },
  en: { rejects: ['Row', 'Username', 'Reason'], passwords: ['Username', 'Name', 'Roles', 'Temporary password'] },
};

/** A whole CSV (UTF-8 with a BOM for Excel), every cell through the neutralising writer's `csvLine`. */
const csvText = (rows: ReadonlyArray<readonly Cell[]>) => `\uFEFF${rows.map(csvLine).join('\r\n')}\r\n`;

/** The rejected rows with their reasons, or null when none was. */
export function rejectsCsv(result: PeopleImport, lang: Lang): string | null {
  const rejected = result.rows.filter((r) => r.outcome === 'rejected');
  if (rejected.length === 0) return null;
  return csvText([HEADERS[lang].rejects, ...rejected.map((r) => [r.rowNumber, r.username, r.reason ? REASONS[lang][r.reason] : ''])]);
}

const membershipWords = (m: Membership) => [m.role, m.cityAdcode, m.departmentCode].filter(Boolean).join('/');

/** The one-time temporary-password sheet of an applied import, or null when nobody was created. */
export function passwordsCsv(result: PeopleImport, lang: Lang): string | null {
  if (result.temporaryPasswords.length === 0) return null;
  return csvText([
    HEADERS[lang].passwords,
    ...result.temporaryPasswords.map((p) => [p.username, p.displayName, p.memberships.map(membershipWords).join('; '), p.password]),
  ]);
}

/**
 * A people spreadsheet (CSV in UTF-8 or GBK/GB18030, or XLSX; see read-rows.ts) previewed or applied
 * through the `importPeople` use case. A file that cannot be read, or lacks a required column, is
 * INVALID with the reason.
 */
export async function importPeopleFile(options: { path: string; ctx: AdminContext; apply: boolean; source: string }): Promise<PeopleImport> {
  let header: string[];
  const rows: Array<{ rowNumber: number; fields: string[] }> = [];
  try {
    const stream = await readRows(options.path);
    header = stream.header;
    for await (const row of stream.rows) rows.push(row);
  } catch (e) {
    // an encoding refused by name (EncodingError), an unsupported type, a broken workbook
    if (e instanceof EncodingError || e instanceof Error) throw new DomainError('INVALID', 'IMPORT_FILE_UNREADABLE', e.message, { problem: e.message });
    throw e;
  }
  const { columns, missing } = mapPeopleHeader(header);
  if (missing.length > 0)
    throw new DomainError('INVALID', 'IMPORT_COLUMNS_MISSING', `Missing columns: ${missing.join(', ')}`, {
      columns: missing.map((c) => PEOPLE_COLUMNS[c][0]).join(', '),
    });
  return importPeople({ ctx: options.ctx, input: { columns, rows, apply: options.apply, source: options.source } });
}
