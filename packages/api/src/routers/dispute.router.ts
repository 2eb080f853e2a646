import { MatterRef, Reason, RuleInput, Statement } from '../inputs.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { listPrecedents } from '../use-cases/list-workflows.ts';
import { ruleDispute } from '../use-cases/rule-dispute.ts';
import { listOf, workflowAction as action } from './workflow-action.ts';

export const disputeRouter = router({
  list: listOf('dispute'),
  statement: action('dispute', 'FILE_STATEMENT', Statement),
  rule: roleProcedure('leadership').input(RuleInput).mutation(ruleDispute),
  promote: action('dispute', 'PROMOTE', Reason, roleProcedure('leadership')),
  precedents: authedProcedure.input(MatterRef).query(listPrecedents),
});
