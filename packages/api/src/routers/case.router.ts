import {
  CaseLookup,
  CaseRef,
  Confirmation,
  ContinueSuspensionInput,
  Decision,
  ExtensionInput,
  InboxInput,
  SuspensionInput,
  IntakeInput,
  Note,
  Reason,
  ShowAttachmentInput,
  SuggestInput,
  SearchInput,
  SuperviseInput,
  AssignInput,
  ClaimManyInput,
  TeamInput,
  AnswerSupervision,
  CommentInput,
  TransferInput,
  TriageRouteInput,
  ResolveInput,
  EnforcementDecisionInput,
} from '../inputs.ts';
import { decideEnforcement, resolveCase } from '../use-cases/enforcement.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { continueSuspension, requestExtension, requestSuspension } from '../use-cases/ask-for-time.ts';
import { getCase, getCaseTimeline } from '../use-cases/get-case.ts';
import { listInbox, myInboxes } from '../use-cases/list-inbox.ts';
import { routeTriagedCase } from '../use-cases/route-triaged-case.ts';
import { searchCases } from '../use-cases/search-cases.ts';
import { suggestMatters } from '../use-cases/suggest-matters.ts';
import { takeInCase } from '../use-cases/take-in-case.ts';
import { transferCase } from '../use-cases/transfer-case.ts';
import { showAttachment } from '../use-cases/attachments.ts';
import { caseAction } from './workflow-action.ts';
import { assignCases } from '../use-cases/assign-cases.ts';
import { claimCases } from '../use-cases/claim-cases.ts';
import { superviseCase } from '../use-cases/supervise-case.ts';
import { teamView } from '../use-cases/team-view.ts';

export const caseRouter = router({
  intake: roleProcedure('liaison', 'supervisor', 'coordinator', 'admin').input(IntakeInput).mutation(takeInCase),
  /** The three likeliest matters of a complaint text, for the operator taking it. */
  suggest: authedProcedure.input(SuggestInput).query(suggestMatters),
  /** The signed-in user's inboxes (or one of them), soonest deadline first. */
  inbox: authedProcedure.input(InboxInput).query(listInbox),
  myInboxes: authedProcedure.query(myInboxes),
  get: authedProcedure.input(CaseLookup).query(getCase),
  /** Find any case the reader may see: number, address, complaint text, the reporter's phone where the reader may see it. */
  search: authedProcedure.input(SearchInput).query(searchCases),
  timeline: authedProcedure.input(CaseRef.pick({ caseId: true })).query(getCaseTimeline),
  claim: caseAction('CLAIM', {}),
  start: caseAction('START', {}),
  progress: caseAction('PROGRESS', Note),
  /** 办结: an enforcement matter's resolution carries its enforcement record, checked against the city's standard. */
  resolve: authedProcedure.input(ResolveInput).mutation(resolveCase),
  /** A supervisor of the unit approves a deviating enforcement record with a reason, or sends it back. */
  decideEnforcement: authedProcedure.input(EnforcementDecisionInput).mutation(decideEnforcement),
  reopen: caseAction('REOPEN', Reason),
  /** A coordinator records the reporter's answer to the callback (回访). */
  confirm: caseAction('CONFIRM', Confirmation),
  /** A coordinator names the matter of a case waiting in triage; it is routed from there. */
  route: roleProcedure('coordinator').input(TriageRouteInput).mutation(routeTriagedCase),
  transfer: authedProcedure.input(TransferInput).mutation(transferCase),
  /** 延期申请 by the holder; its supervisor decides (the coordinator once the decision is overdue). */
  requestExtension: authedProcedure.input(ExtensionInput).mutation(requestExtension),
  decideExtension: caseAction('DECIDE_EXTENSION', Decision),
  /** 挂账 asked by the holder, decided by the city's coordinator; the resolution clock stands still until resumed. */
  requestSuspension: authedProcedure.input(SuspensionInput).mutation(requestSuspension),
  decideSuspension: caseAction('DECIDE_SUSPENSION', Decision),
  continueSuspension: authedProcedure.input(ContinueSuspensionInput).mutation(continueSuspension),
  resume: caseAction('RESUME', Note),
  /** 催办: the holder's supervisor, the city's coordinator or leadership remind the holder (its inbox and the timeline). */
  remind: caseAction('REMIND', Note),
  /** 督办: a formal supervision order with its own deadline; the holder answers it. */
  supervise: authedProcedure.input(SuperviseInput).mutation(superviseCase),
  answerSupervision: caseAction('ANSWER_SUPERVISION', AnswerSupervision),
  comment: caseAction('COMMENT', CommentInput),
  /** Assigns cases to a named person of the unit holding them (its supervisor, the city's coordinator). */
  assign: authedProcedure.input(AssignInput).mutation(assignCases),
  /** Claims several offered cases at once. */
  claimMany: authedProcedure.input(ClaimManyInput).mutation(claimCases),
  /** A unit's team: who holds what, overdue per person. */
  team: authedProcedure.input(TeamInput).query(teamView),
  /** A unit working the case shows a photo on the public status page once closed, or hides it. (Uploads stream to POST /files/cases/:caseId.) */
  showAttachment: authedProcedure.input(ShowAttachmentInput).mutation(showAttachment),
});
