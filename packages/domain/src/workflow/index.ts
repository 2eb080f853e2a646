import type { WorkflowDefinition, WorkflowKind } from './types.ts';
import { caseWorkflow } from './case.machine.ts';
import { transferWorkflow } from './transfer.machine.ts';
import { disputeWorkflow } from './dispute.machine.ts';
import { jointWorkflow } from './joint.machine.ts';
import { crossCityWorkflow } from './crosscity.machine.ts';
import { harmonisationWorkflow } from './harmonisation.machine.ts';
import { triageWorkflow } from './triage.machine.ts';

export const WORKFLOWS: Readonly<Record<WorkflowKind, WorkflowDefinition>> = {
  case: caseWorkflow as unknown as WorkflowDefinition,
  transfer: transferWorkflow as unknown as WorkflowDefinition,
  dispute: disputeWorkflow as unknown as WorkflowDefinition,
  joint: jointWorkflow as unknown as WorkflowDefinition,
  crosscity: crossCityWorkflow as unknown as WorkflowDefinition,
  harmonisation: harmonisationWorkflow as unknown as WorkflowDefinition,
  triage: triageWorkflow as unknown as WorkflowDefinition,
};

export * from './types.ts';
export * from './actor.ts';
export * from './sla.ts';
export * from './step.ts';
export { caseMachine, caseWorkflow, type CaseInput, type CaseEvent, type CaseSnapshot, type CaseState } from './case.machine.ts';
export { transferMachine, transferWorkflow, TRANSFER_DECISION_HOURS, type TransferInput } from './transfer.machine.ts';
export { disputeMachine, disputeWorkflow, RULING_WORKING_DAYS, type DisputeInput, type Ruling, type Statement } from './dispute.machine.ts';
export { jointMachine, jointWorkflow, COSIGN_HOURS, type JointInput } from './joint.machine.ts';
export { crossCityMachine, crossCityWorkflow, REFERRAL_HOURS, type CrossCityInput } from './crosscity.machine.ts';
export { harmonisationMachine, harmonisationWorkflow, type HarmonisationInput } from './harmonisation.machine.ts';
export {
  triageMachine,
  triageWorkflow,
  TRIAGE_HOURS,
  DEFAULT_CONFIDENCE_THRESHOLD,
  decideMatter,
  type TriageInput,
  type TriageRoute,
  type Suggestion,
} from './triage.machine.ts';
