import { Reason, StandardProposalInput, Text } from '../inputs.ts';
import { roleProcedure, router } from '../trpc.ts';
import { proposeStandard } from '../use-cases/propose-standard.ts';
import { listOf, workflowAction as action } from './workflow-action.ts';

export const harmonisationRouter = router({
  list: listOf('harmonisation'),
  propose: roleProcedure('alliance').input(StandardProposalInput).mutation(proposeStandard),
  concur: action('harmonisation', 'CONCUR', {}),
  object: action('harmonisation', 'OBJECT', Reason),
  revise: action('harmonisation', 'REVISE', { text: Text(4000) }),
  publish: action('harmonisation', 'PUBLISH', {}),
});
