import { CityCode, Reason, ReferInput } from '../inputs.ts';
import { roleProcedure, router } from '../trpc.ts';
import { referCase } from '../use-cases/refer-case.ts';
import { listOf, workflowAction as action } from './workflow-action.ts';

export const crossCityRouter = router({
  list: listOf('crosscity'),
  refer: roleProcedure('coordinator').input(ReferInput).mutation(referCase),
  accept: action('crosscity', 'ACCEPT', {}),
  reject: action('crosscity', 'REJECT', Reason),
  ruleCity: action('crosscity', 'RULE_CITY', { city: CityCode, ...Reason }),
  joinPatrol: action('crosscity', 'JOIN_PATROL', {}),
  confirmClosure: action('crosscity', 'CONFIRM_CLOSURE', {}),
});
