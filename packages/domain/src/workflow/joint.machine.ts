import { assign, setup, type SnapshotFrom } from 'xstate';
import { actsForUnit, coordinatorInbox, holdsRole, isSystem, type Envelope } from './actor.ts';
import { defineWorkflow, type Stored } from './step.ts';
import { hoursMs, plus, task, type Effect, type TaskSpec, type TimerSpec } from './types.ts';

/** Default time each co-department has to co-sign a proposed joint action (会签). */
export const COSIGN_HOURS = 24;

export interface JointInput {
  id: string;
  caseId: string;
  cityAdcode: string;
  lead: string;
  coDepartments: string[];
  action: string;
  scheduledFor: string;
  proposedAt: string;
  cosignHours?: number;
}

export type CosignStatus = 'pending' | 'signed' | 'declined' | 'missed' | 'ordered' | 'excluded';

export interface Part {
  cosign: CosignStatus;
  dueAt: string;
  reason: string | null;
  report: string | null;
  closureSigned: boolean;
}

interface JointContext extends JointInput {
  parts: Record<string, Part>;
  leadReport: string | null;
  leadClosureSigned: boolean;
  summary: string | null;
  escalation: number;
}

export type JointCommand =
  | { type: 'COSIGN' }
  | { type: 'DECLINE'; reason: string }
  | { type: 'COSIGN_OVERDUE'; unit: string }
  | { type: 'ORDER'; unit: string }
  | { type: 'EXCLUDE'; unit: string; reason: string }
  | { type: 'REPORT_PART'; text: string }
  | { type: 'COMPILE'; summary: string }
  | { type: 'CLOSE_COSIGN' };
export type JointEvent = JointCommand & Envelope;

const taking = (p: Part) => p.cosign === 'signed' || p.cosign === 'ordered';
const pendingUnit = (c: JointContext, e: JointEvent) => Object.entries(c.parts).find(([u, p]) => p.cosign === 'pending' && actsForUnit(e.actor, u))?.[0];
/** The co-departments taking part (signed or ordered in), with their parts. */
const takingParts = (c: JointContext) => Object.entries(c.parts).filter(([, p]) => taking(p));
const participants = (c: JointContext) => takingParts(c).map(([u]) => u);
/** The parts with one changed (a guard has made sure the unit has a part). */
const setPart = (c: JointContext, unit: string | undefined, change: Partial<Part>) => {
  const part = unit === undefined ? undefined : c.parts[unit];
  return unit === undefined || part === undefined ? c.parts : { ...c.parts, [unit]: { ...part, ...change } };
};
const blocked = (c: JointContext) => Object.values(c.parts).some((p) => p.cosign === 'declined' || p.cosign === 'missed');

export const jointMachine = setup({
  types: {} as { context: JointContext; events: JointEvent; input: JointInput },
  guards: {
    isPendingCosigner: ({ context, event }) => pendingUnit(context, event) !== undefined,
    declineWithReason: ({ context, event }) => event.type === 'DECLINE' && pendingUnit(context, event) !== undefined && event.reason.trim().length > 0,
    overdueUnit: ({ context, event }) => isSystem(event.actor) && event.type === 'COSIGN_OVERDUE' && context.parts[event.unit]?.cosign === 'pending',
    allTaking: ({ context }) => Object.values(context.parts).every((p) => taking(p) || p.cosign === 'excluded') && participants(context).length > 0,
    blocked: ({ context }) => blocked(context),
    coordinatorOnBlocked: ({ context, event }) =>
      (event.type === 'ORDER' || event.type === 'EXCLUDE') &&
      holdsRole(event.actor, 'coordinator', context.cityAdcode) &&
      ['declined', 'missed'].includes(context.parts[event.unit]?.cosign ?? '') &&
      (event.type === 'ORDER' || event.reason.trim().length > 0),
    canReport: ({ context, event }) =>
      event.type === 'REPORT_PART' &&
      event.text.trim().length > 0 &&
      ((actsForUnit(event.actor, context.lead) && context.leadReport === null) ||
        takingParts(context).some(([u, p]) => actsForUnit(event.actor, u) && p.report === null)),
    allReported: ({ context }) => context.leadReport !== null && takingParts(context).every(([, p]) => p.report !== null),
    isLead: ({ context, event }) => actsForUnit(event.actor, context.lead),
    canCloseSign: ({ context, event }) =>
      (actsForUnit(event.actor, context.lead) && !context.leadClosureSigned) ||
      takingParts(context).some(([u, p]) => actsForUnit(event.actor, u) && !p.closureSigned),
    allClosed: ({ context }) => context.leadClosureSigned && takingParts(context).every(([, p]) => p.closureSigned),
  },
  actions: {
    effect: (_, _params: Effect) => {},
    escalate: assign({ escalation: ({ context }) => context.escalation + 1 }),
  },
}).createMachine({
  id: 'joint',
  context: ({ input }) => ({
    ...input,
    parts: Object.fromEntries(
      input.coDepartments.map((u) => [
        u,
        {
          cosign: 'pending' as CosignStatus,
          dueAt: plus(input.proposedAt, hoursMs(input.cosignHours ?? COSIGN_HOURS)),
          reason: null,
          report: null,
          closureSigned: false,
        },
      ]),
    ),
    leadReport: null,
    leadClosureSigned: false,
    summary: null,
    escalation: 0,
  }),
  initial: 'cosigning',
  states: {
    cosigning: {
      always: [
        { guard: 'blocked', target: 'escalated', actions: 'escalate' },
        { guard: 'allTaking', target: 'scheduled' },
      ],
      on: {
        COSIGN: {
          guard: 'isPendingCosigner',
          actions: assign({ parts: ({ context, event }) => setPart(context, pendingUnit(context, event), { cosign: 'signed' }) }),
        },
        DECLINE: {
          guard: 'declineWithReason',
          actions: assign({
            parts: ({ context, event }) =>
              setPart(context, pendingUnit(context, event), { cosign: 'declined', reason: event.type === 'DECLINE' ? event.reason : null }),
          }),
        },
        COSIGN_OVERDUE: {
          guard: 'overdueUnit',
          actions: assign({
            parts: ({ context, event }) => (event.type === 'COSIGN_OVERDUE' ? setPart(context, event.unit, { cosign: 'missed' }) : context.parts),
          }),
        },
      },
    },
    // A decline or a missed co-sign stops the action until the city's coordinator orders the
    // department in or takes it out with a reason.
    escalated: {
      on: {
        ORDER: {
          guard: 'coordinatorOnBlocked',
          target: 'cosigning',
          actions: assign({ parts: ({ context, event }) => (event.type === 'ORDER' ? setPart(context, event.unit, { cosign: 'ordered' }) : context.parts) }),
        },
        EXCLUDE: {
          guard: 'coordinatorOnBlocked',
          target: 'cosigning',
          actions: assign({
            parts: ({ context, event }) =>
              event.type === 'EXCLUDE' ? setPart(context, event.unit, { cosign: 'excluded', reason: event.reason }) : context.parts,
          }),
        },
        COSIGN: {
          guard: 'isPendingCosigner',
          actions: assign({ parts: ({ context, event }) => setPart(context, pendingUnit(context, event), { cosign: 'signed' }) }),
        },
        COSIGN_OVERDUE: {
          guard: 'overdueUnit',
          actions: assign({
            parts: ({ context, event }) => (event.type === 'COSIGN_OVERDUE' ? setPart(context, event.unit, { cosign: 'missed' }) : context.parts),
          }),
        },
      },
    },
    scheduled: {
      always: { guard: 'allReported', target: 'compiling' },
      on: {
        REPORT_PART: {
          guard: 'canReport',
          actions: assign(({ context, event }) => {
            const text = event.type === 'REPORT_PART' ? event.text : '';
            if (actsForUnit(event.actor, context.lead) && context.leadReport === null) return { leadReport: text };
            const unit = takingParts(context).find(([u, p]) => actsForUnit(event.actor, u) && p.report === null)?.[0];
            return { parts: setPart(context, unit, { report: text }) };
          }),
        },
      },
    },
    compiling: {
      on: {
        COMPILE: { guard: 'isLead', target: 'closing', actions: assign({ summary: ({ event }) => (event.type === 'COMPILE' ? event.summary : null) }) },
      },
    },
    closing: {
      always: { guard: 'allClosed', target: 'closed' },
      on: {
        CLOSE_COSIGN: {
          guard: 'canCloseSign',
          actions: assign(({ context, event }) => {
            if (actsForUnit(event.actor, context.lead) && !context.leadClosureSigned) return { leadClosureSigned: true };
            const unit = takingParts(context).find(([u, p]) => actsForUnit(event.actor, u) && !p.closureSigned)?.[0];
            return { parts: setPart(context, unit, { closureSigned: true }) };
          }),
        },
      },
    },
    closed: { type: 'final' },
  },
});

export type JointSnapshot = Stored<typeof jointMachine>;
export type JointState = SnapshotFrom<typeof jointMachine>['value'];
export const JOINT_TASK_ACTIONS = ['cosign', 'await-cosign', 'joint-blocked', 'resolve-decline', 'report-part', 'compile', 'close-cosign'] as const;
export type JointTaskAction = (typeof JOINT_TASK_ACTIONS)[number];

/** A joint enforcement action (联合执法) as everything outside the domain sees it. */
export interface JointView {
  state: JointState;
  caseId: string;
  cityAdcode: string;
  /** the unit that proposed it and leads it */
  lead: string;
  action: string;
  scheduledFor: string;
  proposedAt: string;
  /** each co-department's co-sign, deadline, report and closure signature */
  parts: Record<string, Part>;
  leadReport: string | null;
  leadClosureSigned: boolean;
  summary: string | null;
  escalation: number;
}

function jointTasks(s: JointSnapshot): Array<TaskSpec<JointTaskAction>> {
  const c = s.context;
  const tasks: Array<TaskSpec<JointTaskAction>> = [];
  const everyone = [c.lead, ...participants(c)];
  switch (s.value) {
    case 'cosigning':
    case 'escalated':
      for (const [u, p] of Object.entries(c.parts))
        if (p.cosign === 'pending') tasks.push(task({ inbox: u, role: 'cosign', action: 'cosign', dueAt: p.dueAt, escalation: c.escalation }));
      tasks.push(task({ inbox: c.lead, role: 'lead', action: s.value === 'escalated' ? 'joint-blocked' : 'await-cosign', escalation: c.escalation }));
      if (s.value === 'escalated')
        tasks.push(task({ inbox: coordinatorInbox(c.cityAdcode), role: 'oversight', action: 'resolve-decline', escalation: c.escalation }));
      break;
    case 'scheduled':
      if (c.leadReport === null) tasks.push(task({ inbox: c.lead, role: 'lead', action: 'report-part', dueAt: c.scheduledFor }));
      for (const [u, p] of takingParts(c)) if (p.report === null) tasks.push(task({ inbox: u, role: 'cosign', action: 'report-part', dueAt: c.scheduledFor }));
      break;
    case 'compiling':
      tasks.push(task({ inbox: c.lead, role: 'lead', action: 'compile' }));
      break;
    case 'closing':
      for (const u of everyone) {
        const signed = u === c.lead ? c.leadClosureSigned : c.parts[u]?.closureSigned === true;
        if (!signed) tasks.push(task({ inbox: u, role: u === c.lead ? 'lead' : 'cosign', action: 'close-cosign' }));
      }
      break;
  }
  return tasks;
}

export const jointWorkflow = defineWorkflow({
  kind: 'joint',
  version: 1,
  machine: jointMachine,
  tasks: jointTasks,
  timers: (s: JointSnapshot): Array<TimerSpec<JointCommand>> =>
    s.value === 'cosigning' || s.value === 'escalated'
      ? Object.entries(s.context.parts)
          .filter(([, p]) => p.cosign === 'pending')
          .map(([u, p]) => ({ key: `cosign-${u}`, dueAt: p.dueAt, event: { type: 'COSIGN_OVERDUE', unit: u } }))
      : [],
  caseId: (s) => s.context.caseId,
  view: ({ value, context: c }) => ({
    state: value,
    caseId: c.caseId,
    cityAdcode: c.cityAdcode,
    lead: c.lead,
    action: c.action,
    scheduledFor: c.scheduledFor,
    proposedAt: c.proposedAt,
    parts: c.parts,
    leadReport: c.leadReport,
    leadClosureSigned: c.leadClosureSigned,
    summary: c.summary,
    escalation: c.escalation,
  }),
});
