import { randomUUID } from 'node:crypto';
import { hashPassword, temporaryPassword } from '@gongzhi/auth';
import {
  DomainError,
  mayManage,
  peopleOf,
  readPersonRow,
  sameMemberships,
  scopesOf,
  type Membership,
  type OnboardingReason,
  type PeopleColumn,
  type PersonInFile,
} from '@gongzhi/domain';
import {
  appendAdminAudit,
  closeLiveStreams,
  findUsersByUsername,
  insertUser,
  sessionsOf,
  setMemberships,
  updateUserDetails,
  type UserRecord,
} from '@gongzhi/db';
import type { AdminContext } from './administrator.ts';

export type PersonOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface ImportedRow {
  rowNumber: number;
  username: string;
  outcome: PersonOutcome;
  reason?: OnboardingReason | undefined;
  /** what changes for an existing person */
  changes?: Array<'name' | 'phone' | 'memberships'> | undefined;
}

export interface PeopleImport {
  applied: boolean;
  /** people created, updated and left as they were; rows rejected */
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  rows: ImportedRow[];
  /** the people created, each with their one-time temporary password (applied imports only) */
  temporaryPasswords: Array<{ username: string; displayName: string; memberships: Membership[]; password: string }>;
}

/** How many argon2id hashes run at once: @node-rs/argon2 hashes on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise). */
const HASHING_AT_ONCE = 8;

async function hashAll(passwords: readonly string[]): Promise<string[]> {
  const out = new Array<string>(passwords.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < passwords.length; i = next++) out[i] = await hashPassword(passwords[i] ?? '');
  };
  await Promise.all(Array.from({ length: Math.min(HASHING_AT_ONCE, passwords.length) }, worker));
  return out;
}

/**
 * Bulk onboarding: the rows of a people spreadsheet (one membership a row) previewed — each row's
 * outcome — or applied. Idempotent: a person already there as the file says is `unchanged`; an
 * existing person gets the file's name, phone (when given) and memberships. New people get a
 * one-time temporary password, which they must change at first sign-in; the administrator receives
 * them once, as a sheet to hand out. Every row outside the administrator's scopes is refused, as is
 * a row about the administrator themselves. Applied in one transaction, each change in the admin audit.
 */
export async function importPeople({
  ctx,
  input,
}: {
  ctx: AdminContext;
  input: {
    columns: Partial<Record<PeopleColumn, number>>;
    rows: ReadonlyArray<{ rowNumber: number; fields: readonly string[] }>;
    apply: boolean;
    source: string;
  };
}): Promise<PeopleImport> {
  const { people, rejected } = peopleOf(input.rows.map((r) => readPersonRow(r, input.columns)));
  const existing = await findUsersByUsername(
    ctx.db,
    people.map((p) => p.username),
  );
  const scopes = ctx.administrator.scopes;
  const rows: ImportedRow[] = rejected.map((r) => ({ ...r, outcome: 'rejected' as const }));
  const toCreate: PersonInFile[] = [];
  let unchanged = 0;
  const toUpdate: Array<{ person: PersonInFile; before: UserRecord; changes: Array<'name' | 'phone' | 'memberships'> }> = [];
  for (const person of people) {
    const before = existing.get(person.username);
    const refuse = (reason: OnboardingReason) =>
      rows.push(...person.rowNumbers.map((rowNumber) => ({ rowNumber, username: person.username, outcome: 'rejected' as const, reason })));
    if (!mayManage(scopes, person.memberships) || (before && !mayManage(scopes, before.memberships)) || scopes.length === 0) {
      refuse('NOT_IN_SCOPE');
      continue;
    }
    if (before && before.id === ctx.administrator.userId) {
      refuse('SELF');
      continue;
    }
    let outcome: PersonOutcome = 'created';
    let changes: Array<'name' | 'phone' | 'memberships'> | undefined;
    if (before) {
      changes = [];
      if (before.displayName !== person.displayName) changes.push('name');
      if (person.phone !== null && before.phone !== person.phone) changes.push('phone');
      if (!sameMemberships(before.memberships, person.memberships)) changes.push('memberships');
      outcome = changes.length > 0 ? 'updated' : 'unchanged';
      if (outcome === 'updated') toUpdate.push({ person, before, changes });
      else unchanged++;
    } else toCreate.push(person);
    rows.push(...person.rowNumbers.map((rowNumber) => ({ rowNumber, username: person.username, outcome, changes })));
  }
  rows.sort((a, b) => a.rowNumber - b.rowNumber);
  const counts = {
    created: toCreate.length,
    updated: toUpdate.length,
    unchanged,
    rejected: rows.filter((r) => r.outcome === 'rejected').length,
  };
  if (!input.apply) return { applied: false, counts, rows, temporaryPasswords: [] };

  const passwords = toCreate.map(() => temporaryPassword());
  const hashes = await hashAll(passwords);
  const at = ctx.clock.now();
  const detail = { import: input.source };
  await ctx.db.transaction(async (tx) => {
    for (const [i, person] of toCreate.entries()) {
      const userId = randomUUID();
      const stored = await insertUser(
        tx,
        {
          id: userId,
          username: person.username,
          displayName: person.displayName,
          phone: person.phone,
          passwordHash: hashes[i] ?? '',
          mustChangePassword: true,
          createdAt: at,
        },
        person.memberships,
      );
      if (!stored) throw new DomainError('CONFLICT', 'USERNAME_TAKEN', `The username ${person.username} is taken`, { username: person.username });
      await appendAdminAudit(tx, {
        at,
        actor: ctx.administrator.username,
        action: 'user.create',
        target: { userId, username: person.username },
        scopes: scopesOf(person.memberships),
        to: { displayName: person.displayName, memberships: person.memberships },
        detail,
      });
    }
    for (const { person, before, changes } of toUpdate) {
      const details = {
        ...(changes.includes('name') ? { displayName: person.displayName } : {}),
        ...(changes.includes('phone') ? { phone: person.phone } : {}),
      };
      if (Object.keys(details).length > 0) await updateUserDetails(tx, before.id, details);
      const memberships = changes.includes('memberships');
      if (memberships) await setMemberships(tx, before.id, person.memberships);
      // Their sessions' principal changed (the name is part of it, the phone is not): every process lets go of what it holds.
      if (memberships || details.displayName !== undefined) {
        await closeLiveStreams(
          tx,
          (await sessionsOf(tx, before.id)).map((s) => s.id),
        );
      }
      await appendAdminAudit(tx, {
        at,
        actor: ctx.administrator.username,
        action: memberships ? 'user.memberships' : 'user.details',
        target: { userId: before.id, username: before.username },
        scopes: scopesOf([...before.memberships, ...person.memberships]),
        from: { ...(memberships ? { memberships: before.memberships } : {}), ...pickOf(before, details) },
        to: { ...(memberships ? { memberships: person.memberships } : {}), ...details },
        detail,
      });
    }
  });
  return {
    applied: true,
    counts,
    rows,
    temporaryPasswords: toCreate.map((p, i) => ({
      username: p.username,
      displayName: p.displayName,
      memberships: p.memberships,
      password: passwords[i] ?? '',
    })),
  };
}

const pickOf = (user: { displayName: string; phone: string | null }, keys: object) =>
  Object.fromEntries(Object.keys(keys).map((k) => [k, user[k as 'displayName' | 'phone']]));
