import type { WorkflowKind } from './types.ts';
import type { Workflow } from './step.ts';
import { caseWorkflow } from './case.machine.ts';
import { transferWorkflow } from './transfer.machine.ts';
import { disputeWorkflow } from './dispute.machine.ts';
import { jointWorkflow } from './joint.machine.ts';
import { crossCityWorkflow } from './crosscity.machine.ts';
import { harmonisationWorkflow } from './harmonisation.machine.ts';
import { triageWorkflow } from './triage.machine.ts';
import { consultationWorkflow } from './consultation.machine.ts';
import { dataRequestWorkflow } from './data-request.machine.ts';

/** Every workflow definition, by kind: what the engine runs and the repositories read views through. */
export const WORKFLOWS: { readonly [K in WorkflowKind]: Workflow<K> } = {
  case: caseWorkflow,
  transfer: transferWorkflow,
  dispute: disputeWorkflow,
  joint: jointWorkflow,
  crosscity: crossCityWorkflow,
  harmonisation: harmonisationWorkflow,
  triage: triageWorkflow,
  consultation: consultationWorkflow,
  datarequest: dataRequestWorkflow,
};

export * from './types.ts';
export * from './actor.ts';
export * from './sla.ts';
export * from './step.ts';
export * from './routed-case.ts';
export {
  caseMachine,
  caseWorkflow,
  CASE_TASK_ACTIONS,
  CONFIRM_WINDOW_HOURS,
  DEFAULT_CONFIRM_WINDOW_MS,
  rateable,
  overseerInbox,
  type CaseComment,
  type Reminder,
  type SupervisionOrder,
  type CaseInput,
  type CaseCommand,
  type CaseEvent,
  type CaseSnapshot,
  type CaseState,
  type CaseStatus,
  type CaseTaskAction,
  type CaseView,
  type ExtensionRequest,
  type ExtensionRecord,
  type SuspensionRequest,
  type Suspension,
} from './case.machine.ts';
export {
  transferMachine,
  transferWorkflow,
  TRANSFER_DECISION_HOURS,
  TRANSFER_TASK_ACTIONS,
  type TransferInput,
  type TransferCommand,
  type TransferState,
  type TransferTaskAction,
  type TransferView,
} from './transfer.machine.ts';
export {
  disputeMachine,
  disputeWorkflow,
  RULING_WORKING_DAYS,
  DISPUTE_TASK_ACTIONS,
  type DisputeInput,
  type DisputeCommand,
  type DisputeState,
  type DisputeTaskAction,
  type DisputeView,
  type Ruling,
  type Statement,
} from './dispute.machine.ts';
export {
  jointMachine,
  jointWorkflow,
  COSIGN_HOURS,
  JOINT_TASK_ACTIONS,
  type JointInput,
  type JointCommand,
  type JointState,
  type JointTaskAction,
  type JointView,
  type CosignStatus,
  type Part,
} from './joint.machine.ts';
export {
  crossCityMachine,
  crossCityWorkflow,
  REFERRAL_HOURS,
  CROSS_CITY_TASK_ACTIONS,
  type CrossCityInput,
  type CrossCityCommand,
  type CrossCityState,
  type CrossCityTaskAction,
  type CrossCityView,
} from './crosscity.machine.ts';
export {
  harmonisationMachine,
  harmonisationWorkflow,
  HARMONISATION_TASK_ACTIONS,
  type HarmonisationInput,
  type HarmonisationCommand,
  type HarmonisationState,
  type HarmonisationTaskAction,
  type HarmonisationView,
  type Position,
} from './harmonisation.machine.ts';
export {
  triageMachine,
  triageWorkflow,
  TRIAGE_HOURS,
  TRIAGE_TASK_ACTIONS,
  DEFAULT_CONFIDENCE_THRESHOLD,
  decideMatter,
  triageWorkflowId,
  type MatterSuggester,
  type SuggestionExplanation,
  type TriageInput,
  type TriageCommand,
  type TriageState,
  type TriageTaskAction,
  type TriageView,
  type TriageRoute,
  type Suggestion,
} from './triage.machine.ts';
export {
  consultationMachine,
  consultationWorkflow,
  CONSULTATION_WORKING_DAYS,
  CONSULTATION_TASK_ACTIONS,
  type Adoption,
  type ConsultationAnswer,
  type ConsultationCommand,
  type ConsultationInput,
  type ConsultationParty,
  type ConsultationState,
  type ConsultationTaskAction,
  type ConsultationView,
  type DraftOffice,
  type Verdict,
} from './consultation.machine.ts';
export {
  dataRequestMachine,
  dataRequestWorkflow,
  DATA_REQUEST_TASK_ACTIONS,
  DATA_REQUEST_WORKING_DAYS,
  type DataRequestInput,
  type DataRequestCommand,
  type DataRequestAnswer,
  type DataRequestFlowState,
  type DataRequestTaskAction,
  type DataRequestView,
} from './data-request.machine.ts';
