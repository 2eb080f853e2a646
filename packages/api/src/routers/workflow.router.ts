import { z } from 'zod';
import type { WorkflowKind } from '@gongzhi/domain';
import { verifyAudit } from '@gongzhi/db';
import { JointProposalInput, MatterCode, Reason, ReferInput, RuleInput, StandardProposalInput, Statement, UnitCode } from '../inputs.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { workflowAction } from './workflow-action.ts';
import { proposeJointAction } from '../use-cases/propose-joint-action.ts';
import { ruleDispute } from '../use-cases/rule-dispute.ts';
import { proposeStandard } from '../use-cases/propose-standard.ts';
import { listPrecedents, listWorkflows } from '../use-cases/list-workflows.ts';
import { referCase } from '../use-cases/refer-case.ts';

const action = workflowAction;

const listOf = (kind: WorkflowKind) =>
  authedProcedure
    .input(z.object({ open: z.boolean().default(true), limit: z.number().int().min(1).max(1000).optional() }).default({ open: true }))
    .query(({ ctx, input }) => listWorkflows({ db: ctx.db, kind, ...input }));

export const transferRouter = router({
  accept: action('transfer', 'ACCEPT', {}),
  reject: action('transfer', 'REJECT', Reason),
});

export const disputeRouter = router({
  list: listOf('dispute'),
  statement: action('dispute', 'FILE_STATEMENT', Statement),
  rule: roleProcedure('leadership')
    .input(RuleInput)
    .mutation(({ ctx, input }) => ruleDispute({ db: ctx.db, clock: ctx.clock, principal: ctx.principal, ...input })),
  promote: action('dispute', 'PROMOTE', Reason, roleProcedure('leadership')),
  precedents: authedProcedure
    .input(z.object({ matterCode: MatterCode }))
    .query(({ ctx, input }) => listPrecedents({ db: ctx.db, matterCode: input.matterCode })),
});

export const jointRouter = router({
  list: listOf('joint'),
  propose: authedProcedure
    .input(JointProposalInput)
    .mutation(({ ctx, input }) => proposeJointAction({ db: ctx.db, clock: ctx.clock, principal: ctx.principal, ...input })),
  cosign: action('joint', 'COSIGN', {}),
  decline: action('joint', 'DECLINE', Reason),
  order: action('joint', 'ORDER', { unit: UnitCode }),
  exclude: action('joint', 'EXCLUDE', { unit: UnitCode, ...Reason }),
  report: action('joint', 'REPORT_PART', { text: z.string().trim().min(1).max(4000) }),
  compile: action('joint', 'COMPILE', { summary: z.string().trim().min(1).max(4000) }),
  closeCosign: action('joint', 'CLOSE_COSIGN', {}),
});

export const crossCityRouter = router({
  list: listOf('crosscity'),
  refer: roleProcedure('coordinator')
    .input(ReferInput)
    .mutation(({ ctx, input }) => referCase({ db: ctx.db, clock: ctx.clock, alliance: ctx.alliance, principal: ctx.principal, ...input })),
  accept: action('crosscity', 'ACCEPT', {}),
  reject: action('crosscity', 'REJECT', Reason),
  ruleCity: action('crosscity', 'RULE_CITY', { city: z.string().regex(/^\d{6}$/), ...Reason }),
  joinPatrol: action('crosscity', 'JOIN_PATROL', {}),
  confirmClosure: action('crosscity', 'CONFIRM_CLOSURE', {}),
});

export const harmonisationRouter = router({
  list: listOf('harmonisation'),
  propose: roleProcedure('alliance')
    .input(StandardProposalInput)
    .mutation(({ ctx, input }) => proposeStandard({ db: ctx.db, clock: ctx.clock, alliance: ctx.alliance, principal: ctx.principal, ...input })),
  concur: action('harmonisation', 'CONCUR', {}),
  object: action('harmonisation', 'OBJECT', Reason),
  revise: action('harmonisation', 'REVISE', { text: z.string().trim().min(1).max(4000) }),
  publish: action('harmonisation', 'PUBLISH', {}),
});

export const auditRouter = router({
  verify: roleProcedure('admin', 'leadership').query(({ ctx }) => verifyAudit(ctx.db)),
});
