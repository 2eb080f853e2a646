import { JointProposalInput, Reason, Text, UnitCode } from '../inputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import { proposeJointAction } from '../use-cases/propose-joint-action.ts';
import { listOf, workflowAction as action } from './workflow-action.ts';

export const jointRouter = router({
  list: listOf('joint'),
  propose: authedProcedure.input(JointProposalInput).mutation(proposeJointAction),
  cosign: action('joint', 'COSIGN', {}),
  decline: action('joint', 'DECLINE', Reason),
  order: action('joint', 'ORDER', { unit: UnitCode }),
  exclude: action('joint', 'EXCLUDE', { unit: UnitCode, ...Reason }),
  report: action('joint', 'REPORT_PART', { text: Text(4000) }),
  compile: action('joint', 'COMPILE', { summary: Text(4000) }),
  closeCosign: action('joint', 'CLOSE_COSIGN', {}),
});
