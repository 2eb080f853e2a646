import { Reason } from '../inputs.ts';
import { router } from '../trpc.ts';
import { workflowAction as action } from './workflow-action.ts';

export const transferRouter = router({
  accept: action('transfer', 'ACCEPT', {}),
  reject: action('transfer', 'REJECT', Reason),
});
