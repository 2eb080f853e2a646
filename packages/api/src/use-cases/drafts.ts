import {
  DomainError,
  affectedDepartments,
  applyDraft,
  diffMatrices,
  draftConflicts,
  inboxesOf,
  matrixProblems,
  coordinatorInbox,
  unitId,
  type ConsultationView,
  type DepartmentCode,
  type DraftOffice,
  type Principal,
} from '@gongzhi/domain';
import { consultationIdOf, findDraft, findWorkflowOf, loadMatrix, type Database, type DraftRecord } from '@gongzhi/db';
import type { Alliance } from '@gongzhi/geo';

/** The offices that open and decide drafts. */
export const DRAFT_OFFICES: readonly DraftOffice[] = ['leadership', 'alliance'];

/** Only the office that owns a draft changes, sends, adopts or withdraws it. */
export function requireOffice(principal: Principal, office: DraftOffice): void {
  if (!principal.memberships.some((m) => m.role === office)) {
    throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', `Only the ${office} office acts on this draft`, { roles: office });
  }
}

/** The office a person opens a draft for: leadership unless they are only the alliance office, or they ask for it. */
export function officeOf(principal: Principal, wanted?: DraftOffice): DraftOffice {
  const office = wanted ?? (principal.memberships.some((m) => m.role === 'leadership') ? 'leadership' : 'alliance');
  requireOffice(principal, office);
  return office;
}

/** The cities a draft concerns by default: leadership's own city (Chengdu), or all four for the alliance office. */
export const defaultCities = (office: DraftOffice, alliance: Alliance): string[] => (office === 'alliance' ? alliance.cities.map((c) => c.adcode) : ['510100']);

/** Who is consulted and told: each affected department's unit in each city, and each city's coordination office. */
export function partiesOf(departments: readonly DepartmentCode[], cities: readonly string[]): string[] {
  return cities.flatMap((city) => [coordinatorInbox(city), ...departments.map((d) => unitId(city, d))]);
}

export interface DraftDetail {
  draft: DraftRecord;
  /** the latest stored version (what adoption would follow) */
  latest: number;
  /** based on a version that is no longer the latest: rebase before adopting */
  stale: boolean;
  conflicts: ReturnType<typeof draftConflicts>;
  /** the draft's changes against the version it is based on */
  changes: ReturnType<typeof diffMatrices>;
  /** the draft makes a matrix fit to route by */
  sound: boolean;
  /** the operations do not apply (a matter removed meanwhile); rebase */
  broken: boolean;
  departments: DepartmentCode[];
  consultation: { id: string; version: number; view: ConsultationView } | null;
}

export async function consultationOf(db: Database, draftId: string) {
  const wf = await findWorkflowOf(db, 'consultation', consultationIdOf(draftId));
  return wf ? { id: wf.id, version: wf.version, view: wf.view } : null;
}

/** A draft as its page shows it: its diff, whether it is stale and what clashes, its consultation. */
export async function draftDetail(db: Database, draft: DraftRecord): Promise<DraftDetail> {
  const [base, latest, consultation] = await Promise.all([loadMatrix(db, draft.basedOn), loadMatrix(db), consultationOf(db, draft.id)]);
  let matters = base.matters;
  let broken = false;
  try {
    matters = applyDraft(base, draft.operations);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    broken = true;
  }
  const stale = latest.version !== draft.basedOn;
  return {
    draft,
    latest: latest.version,
    stale,
    conflicts: stale ? draftConflicts(base, latest, draft.operations) : [],
    changes: diffMatrices(base, { ...base, matters }),
    sound: !broken && matrixProblems(matters).length === 0,
    broken,
    departments: affectedDepartments(base, matters),
    consultation,
  };
}

/** Who may read a draft: its offices and admins, and every inbox it consulted or told. */
export async function readableDraft(db: Database, principal: Principal, draftId: string): Promise<DraftRecord> {
  const draft = await findDraft(db, draftId);
  if (principal.memberships.some((m) => m.role === 'leadership' || m.role === 'alliance' || m.role === 'admin')) return draft;
  const consultation = await consultationOf(db, draftId);
  const mine = new Set(inboxesOf(principal.memberships));
  const involved = [...(consultation?.view.parties.map((p) => p.inbox) ?? []), ...(consultation?.view.adoption?.notify ?? [])];
  if (involved.some((i) => mine.has(i))) return draft;
  throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', `Draft ${draftId} is not yours to read`, { roles: 'leadership' });
}
