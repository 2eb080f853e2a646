import type { Membership, Principal } from '@gongzhi/domain';

const CD = '510100';
const DY = '510600';
const person = (username: string, ...memberships: Membership[]): Principal => ({ userId: username, username, displayName: username, memberships });

/** The principals of the permission table, in its column order. */
export const PRINCIPALS = {
  cdUrban: person('cd-urban', { role: 'liaison', cityAdcode: CD, departmentCode: 'urban' }),
  cdMarket: person('cd-market', { role: 'liaison', cityAdcode: CD, departmentCode: 'market' }),
  cdSupervisor: person('cd-urban-supervisor', { role: 'supervisor', cityAdcode: CD, departmentCode: 'urban' }),
  cdCoordinator: person('cd-coordinator', { role: 'coordinator', cityAdcode: CD, departmentCode: null }),
  dyCoordinator: person('dy-coordinator', { role: 'coordinator', cityAdcode: DY, departmentCode: null }),
  leadership: person('leadership', { role: 'leadership', cityAdcode: CD, departmentCode: null }),
  alliance: person('alliance', { role: 'alliance', cityAdcode: CD, departmentCode: null }),
  admin: person('admin', { role: 'admin', cityAdcode: CD, departmentCode: null }),
  anonymous: null,
} satisfies Record<string, Principal | null>;

export type PrincipalName = keyof typeof PRINCIPALS;

/**
 * What a call answers: `ok`; `anon` (UNAUTHORIZED: sign in first); `no` (FORBIDDEN: not this
 * role or scope); `input` (BAD_REQUEST: past the gate, the input — none given — refused);
 * `none` (NOT_FOUND); `state` (CONFLICT).
 */
export type Outcome = 'ok' | 'anon' | 'no' | 'input' | 'none' | 'state';

/**
 * Every tRPC procedure × every principal (columns in `PRINCIPALS` order: CD urban liaison, CD market
 * liaison, CD urban supervisor, CD coordinator, Deyang coordinator, leadership, alliance office,
 * admin, anonymous), called with the input permissions.test.ts gives it. permissions.test.ts
 * enumerates the procedures from the router: a new procedure fails until it has its row here.
 */
export const PERMISSION_TABLE: Record<string, readonly Outcome[]> = {
  'account.changePassword': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'account.endSession': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'account.sessions': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'audit.verify': ['no', 'no', 'no', 'no', 'no', 'ok', 'no', 'ok', 'anon'],
  'auth.login': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'input'],
  'auth.logout': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'auth.me': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'case.answerSupervision': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.assign': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.claim': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.claimMany': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.comment': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.confirm': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.continueSuspension': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.decideExtension': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.decideSuspension': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.get': ['ok', 'no', 'ok', 'ok', 'no', 'ok', 'ok', 'ok', 'anon'],
  'case.inbox': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'case.intake': ['input', 'input', 'input', 'input', 'input', 'no', 'no', 'input', 'anon'],
  'case.myInboxes': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'case.progress': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.remind': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.reopen': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.requestExtension': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.requestSuspension': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.resolve': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.resume': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.search': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.showAttachment': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.route': ['no', 'no', 'no', 'input', 'input', 'no', 'no', 'no', 'anon'],
  'case.start': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.suggest': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.supervise': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'case.team': ['no', 'no', 'ok', 'no', 'no', 'no', 'no', 'no', 'anon'],
  'case.timeline': ['ok', 'no', 'ok', 'ok', 'no', 'ok', 'ok', 'ok', 'anon'],
  'case.transfer': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'classifier.retrain': ['no', 'no', 'no', 'no', 'no', 'state', 'no', 'state', 'anon'],
  'classifier.status': ['no', 'no', 'no', 'no', 'no', 'ok', 'ok', 'ok', 'anon'],
  'command.districts': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'command.drill': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'command.forecast': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'command.heatmap': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'command.ranking': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'command.tiles': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'command.trend': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'crossCity.accept': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'crossCity.confirmClosure': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'crossCity.joinPatrol': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'crossCity.list': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'crossCity.refer': ['no', 'no', 'no', 'input', 'input', 'no', 'no', 'no', 'anon'],
  'crossCity.reject': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'crossCity.ruleCity': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'dispute.list': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'dispute.precedents': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'dispute.promote': ['no', 'no', 'no', 'no', 'no', 'input', 'no', 'no', 'anon'],
  'dispute.rule': ['no', 'no', 'no', 'no', 'no', 'input', 'no', 'no', 'anon'],
  'dispute.statement': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'geo.map': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'input'],
  'harmonisation.concur': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'harmonisation.list': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'harmonisation.object': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'harmonisation.propose': ['no', 'no', 'no', 'no', 'no', 'no', 'input', 'no', 'anon'],
  'harmonisation.publish': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'harmonisation.revise': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'inbox.changes': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'joint.closeCosign': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'joint.compile': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'joint.cosign': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'joint.decline': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'joint.exclude': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'joint.list': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'anon'],
  'joint.order': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'joint.propose': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'joint.report': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'kpi.repeats': ['no', 'no', 'ok', 'ok', 'ok', 'ok', 'no', 'ok', 'anon'],
  'matrix.amend': ['no', 'no', 'no', 'no', 'no', 'input', 'no', 'input', 'anon'],
  'matrix.diff': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'input'],
  'matrix.grid': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'matrix.matter': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'matrix.reference': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'matrix.versions': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'open311.issueKey': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
  'open311.keys': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'no', 'anon'],
  'open311.revokeKey': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
  'public.rate': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'input'],
  'public.status': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'input'],
  'routing.preview': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'standards.compare': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'transfer.accept': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'transfer.reject': ['input', 'input', 'input', 'input', 'input', 'input', 'input', 'input', 'anon'],
  'users.audit': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
  'users.create': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
  'users.deactivate': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
  'users.edit': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
  'users.list': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
  'users.reactivate': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
  'users.resetPassword': ['no', 'no', 'no', 'no', 'no', 'no', 'no', 'input', 'anon'],
};
