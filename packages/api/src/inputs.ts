import { z } from 'zod';
import {
  ALLIANCE_CITIES,
  CASE_SOURCES,
  DEPARTMENT_CODES,
  DOMAIN_CODES,
  DRILL_PARTS,
  FIGURE_GROUPS,
  INDICATOR_CODES,
  RESOLUTION_UNITS,
  ROLES,
  TASK_ROLES,
  TIERS,
  MEASURES,
  SEVERITIES,
} from '@gongzhi/domain';

export const LoginInput = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });

export const MatterCode = z.string().trim().min(1).max(32);
export const VersionInput = z.object({ version: z.number().int().positive().optional() });
export const MatterInput = z.object({ code: MatterCode, version: z.number().int().positive().optional() });

export const RoutePreviewInput = z.object({
  matter: MatterCode,
  lon: z.number(),
  lat: z.number(),
  crs: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  reportedIn: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

const Department = z.enum(DEPARTMENT_CODES);
export const AmendMatrixInput = z.object({
  basedOn: z.number().int().positive(),
  reason: z.string().trim().min(4).max(2000),
  matter: z.object({
    code: z.string().regex(/^[A-Z]{3}-\d{2}$/),
    domain: z.enum(DOMAIN_CODES),
    name: z.object({ zh: z.string().trim().min(2).max(100), en: z.string().trim().min(2).max(200) }),
    lead: Department,
    supports: z.array(Department).max(11),
    tier: z.enum(TIERS),
    legalBasis: z.string().trim().min(2).max(1000),
    keywords: z.array(z.string().trim().min(1).max(20)).max(50),
    joint: z.boolean(),
    /** 处置时限; when left out, the matter keeps the limit it has (a new matter gets its tier's) */
    resolution: z.object({ amount: z.number().int().min(1).max(720), unit: z.enum(RESOLUTION_UNITS) }).optional(),
    /** example complaints the classifier learns the matter from; when left out, the matter keeps those it has */
    examples: z.array(z.string().trim().min(4).max(500)).max(30).optional(),
  }),
});

export const Text = (max: number) => z.string().trim().min(1).max(max);
export const CityCode = z.string().regex(/^\d{6}$/);
export const Id = z.string().trim().min(1).max(64);
export const Version = z.number().int().positive().optional();
export const CaseRef = z.object({ caseId: Id, version: Version });
export const WorkflowRef = z.object({ workflowId: Id, version: Version });
export const DepartmentInput = z.enum(DEPARTMENT_CODES);

export const IntakeInput = RoutePreviewInput.extend({
  /** without a matter the complaint text is classified; when unsure the case goes to the city's triage */
  matter: MatterCode.optional(),
  /** without coordinates, the district the address names places the case */
  lon: z.number().optional(),
  lat: z.number().optional(),
  description: Text(4000),
  address: Text(500).optional(),
  reporterName: Text(100).optional(),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/)
    .optional(),
  source: z.enum(CASE_SOURCES),
});

export const InboxInput = z
  .object({
    inbox: z.string().max(64).optional(),
    domain: z.enum(DOMAIN_CODES).optional(),
    tier: z.enum(TIERS).optional(),
    cityAdcode: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    countyAdcode: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    role: z.enum(TASK_ROLES).optional(),
    /** only the tasks of these cases: how a live inbox refreshes what an event touched */
    caseIds: z.array(Id).max(500).optional(),
    limit: z.number().int().min(1).max(20_000).optional(),
  })
  .default({});

export const CaseLookup = z.union([z.object({ caseId: Id }), z.object({ number: z.number().int().positive() })]);
export const Note = { note: Text(4000) };
export const Reason = { reason: Text(2000) };
export const TransferInput = CaseRef.extend({ to: DepartmentInput, citedMatter: MatterCode, reason: Text(2000) });
export const Confirmation = { satisfied: z.boolean(), comment: Text(2000).optional() };
export const Statement = { text: Text(4000), clauses: z.array(MatterCode).min(1).max(10) };
export const RuleInput = z.object({ workflowId: Id, lead: DepartmentInput, supports: z.array(DepartmentInput).max(11), reasons: Text(4000) });
export const JointProposalInput = z.object({
  caseId: Id,
  coDepartments: z.array(DepartmentInput).min(1).max(11),
  action: Text(2000),
  scheduledFor: z.string().datetime({ offset: true }),
});
export const UnitCode = z.string().regex(/^\d{6}:[a-z]+$/);
export const StandardProposalInput = z.object({ matterCode: MatterCode, text: Text(4000) });
export const TriageRouteInput = z.object({ caseId: Id, matterCode: MatterCode, version: Version });
export const ReferInput = z.object({ caseId: Id, city: z.string().regex(/^\d{6}$/), reason: Text(2000) });
export const MatrixDiffInput = z.object({ from: z.number().int().positive(), to: z.number().int().positive() });
/** The header's search box: a number (#n), a phone, or text. */
export const SearchInput = z.object({ q: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(50).optional() });
/** A page of my notifications: the newest, or those older than `before` (the last one shown). */
export const NotificationsInput = z.object({ limit: z.number().int().min(1).max(100).optional(), before: z.number().int().positive().optional() }).default({});
export const ReadNotificationsInput = z
  .object({ ids: z.array(z.number().int().positive()).min(1).max(200).optional(), all: z.literal(true).optional() })
  .refine((x) => (x.ids === undefined) !== (x.all === undefined), 'ids or all');
export const SuggestInput = z.object({ text: z.string().trim().min(2).max(4000) });
export const MatterRef = z.object({ matterCode: MatterCode });
export const WorkflowListInput = z.object({ open: z.boolean().default(true), limit: z.number().int().min(1).max(1000).optional() }).default({ open: true });

const CaseNumber = z.number().int().positive().max(2_147_483_647);
export const StatusInput = z.object({ number: CaseNumber });
export const RatingInput = z.object({
  number: CaseNumber,
  code: z.string().trim().min(4).max(32),
  satisfied: z.boolean(),
  comment: z.string().trim().max(500).optional(),
});
export const RepeatsInput = z
  .object({
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
    cityAdcode: CityCode.optional(),
  })
  .default({});
export const ApiKeyInput = z.object({ name: z.string().trim().min(2).max(100), ratePerMinute: z.number().int().min(1).max(10_000).optional() });
export const ApiKeyRef = z.object({ id: z.number().int().positive() });
export const CompareStandardsInput = z.object({ matterCode: MatterCode.optional(), cities: z.array(CityCode).min(1).max(4).optional() }).default({});
export const MapInput = z.object({
  // Only the alliance's cities: maps are cached per set of cities, so the cache has at most 15 entries.
  cities: z.array(z.enum(ALLIANCE_CITIES)).min(1).max(4),
  points: z
    .array(z.tuple([z.number(), z.number()]))
    .max(50)
    .default([]),
});
export const When = z.string().datetime({ offset: true });
export const ExtensionInput = CaseRef.extend({ reason: Text(2000), until: When });
export const SuspensionInput = CaseRef.extend({ reason: Text(2000), reviewAt: When });
export const ContinueSuspensionInput = CaseRef.extend({ note: Text(2000), reviewAt: When });
export const SuperviseInput = CaseRef.extend({ note: Text(2000), dueBy: When });
export const Username = z.string().trim().min(1).max(64);
export const CaseIds = z.array(Id).min(1).max(200);
export const AssignInput = z.object({ caseIds: CaseIds, to: Username });
export const ClaimManyInput = z.object({ caseIds: CaseIds });
export const AnswerSupervision = { n: z.number().int().positive().max(1000).optional(), note: Text(4000) };
export const CommentInput = { text: Text(2000) };
export const TeamInput = z.object({ unit: UnitCode.optional() }).default({});
export const Decision = { approve: z.boolean(), note: z.string().trim().max(2000) };

/** The command centre's period and filters (the scope comes from who asks, never from the input). */
export const DashboardInput = z.object({
  /** `2026-10`, `2026-Q4`, `2026-W44` or `2026` (Asia/Shanghai) */
  period: z.string().trim().min(4).max(10),
  city: CityCode.optional(),
  county: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  department: DepartmentInput.optional(),
  domain: z.enum(DOMAIN_CODES).optional(),
  matter: MatterCode.optional(),
  source: z.enum(CASE_SOURCES).optional(),
});
export const IndicatorInput = z.enum(INDICATOR_CODES);
export const TrendInput = DashboardInput.extend({ code: IndicatorInput, points: z.number().int().min(2).max(36).default(13) });
export const DrillInput = DashboardInput.extend({
  code: IndicatorInput,
  part: z.enum(DRILL_PARTS).default('counted'),
  group: z.object({ kind: z.enum(FIGURE_GROUPS), key: z.string().trim().min(1).max(40) }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** the previous page's `next`: the page after it (keyset paging) */
  cursor: z.string().min(1).max(300).optional(),
  /** pages went by offset once: a client still sending one is refused, not shown the first page again */
  offset: z.undefined().optional(),
});
// Administration (issue 12)
const MembershipInput = z.object({
  role: z.enum(ROLES),
  cityAdcode: z.enum(ALLIANCE_CITIES).nullable().optional(),
  departmentCode: z.enum(DEPARTMENT_CODES).nullable().optional(),
});
const UserId = z.string().trim().min(1).max(64);
export const UserListInput = z.object({ query: z.string().trim().max(64).optional(), active: z.boolean().optional() });
export const CreateUserInput = z.object({
  username: z.string().trim().min(1).max(64),
  displayName: Text(64),
  phone: z
    .string()
    .trim()
    .max(20)
    .regex(/^[\d+\- ]*$/)
    .optional(),
  memberships: z.array(MembershipInput).min(1).max(20),
});
export const EditUserInput = z.object({
  userId: UserId,
  displayName: Text(64).optional(),
  phone: z
    .string()
    .trim()
    .max(20)
    .regex(/^[\d+\- ]*$/)
    .nullable()
    .optional(),
  memberships: z.array(MembershipInput).min(1).max(20).optional(),
});
export const UserRef = z.object({ userId: UserId });
export const DeactivateInput = z.object({ userId: UserId, reason: Text(500) });
export const AdminAuditInput = z.object({
  actor: z.string().trim().max(64).optional(),
  target: z.string().trim().max(64).optional(),
  action: z.string().trim().max(40).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});
export const ChangePasswordInput = z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) });
export const EndSessionInput = z.union([z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) }), z.object({ others: z.literal(true) })]);
export const ForecastInput = DashboardInput.omit({ period: true }).extend({ limit: z.number().int().min(1).max(50).default(10) });

/** The closing officer shows (or hides) a photo on the public status page. */
export const ShowAttachmentInput = z.object({ id: z.string().uuid(), public: z.boolean() });

/** An enforcement record (执法记录) as the officer enters it on resolving; the server checks it against the standard. */
export const EnforcementRecordInput = z.object({
  measure: z.enum(MEASURES),
  /** yuan, with a fine only */
  fineAmount: z.number().int().positive().max(10_000_000).nullable(),
  /** items held, with 暂扣 only */
  detainedItems: z.array(Text(100)).max(50),
  severity: z.enum(SEVERITIES),
  firstOffence: z.boolean(),
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('person'), name: Text(100) }),
    z.object({
      kind: z.literal('business'),
      name: Text(200),
      creditCode: z
        .string()
        .trim()
        .toUpperCase()
        .max(18)
        .nullable()
        .transform((c) => (c === '' ? null : c)),
    }),
  ]),
});
export type EnforcementRecordInput = z.infer<typeof EnforcementRecordInput>;
/** Resolving a case: the result, and for an enforcement matter its record. */
/** `requestKey`: a random id the client gives a resolution it may send again (offline queue); a repeat gets the first answer. */
export const ResolveInput = CaseRef.extend({ ...Note, enforcement: EnforcementRecordInput.optional(), requestKey: z.string().uuid().optional() });
/** A supervisor's decision on a deviating enforcement record: the reason is required either way. */
export const EnforcementDecisionInput = CaseRef.extend({ approve: z.boolean(), ...Reason });
export const DisparitiesInput = z.object({ city: CityCode.optional() }).optional();

const MatterPatchInput = z
  .object({
    lead: Department.optional(),
    supports: z.array(Department).max(11).optional(),
    tier: z.enum(TIERS).optional(),
    legalBasis: z.string().trim().min(2).max(1000).optional(),
    keywords: z.array(z.string().trim().min(1).max(20)).min(1).max(50).optional(),
  })
  .strict();
export const DraftOperationInput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('change'), matter: MatterCode, set: MatterPatchInput }),
  z.object({
    op: z.literal('add'),
    matter: z.object({
      code: z.string().regex(/^[A-Z]{3}-\d{2}$/),
      domain: z.enum(DOMAIN_CODES),
      name: z.object({ zh: z.string().trim().min(2).max(100), en: z.string().trim().min(2).max(200) }),
      lead: Department,
      supports: z.array(Department).max(11),
      tier: z.enum(TIERS),
      legalBasis: z.string().trim().min(2).max(1000),
      keywords: z.array(z.string().trim().min(1).max(20)).min(1).max(50),
      examples: z.array(z.string().trim().min(4).max(500)).max(30),
    }),
  }),
  z.object({ op: z.literal('retire'), matter: MatterCode, successor: MatterCode }),
]);
export const DraftRef = z.object({ draftId: Id });
export const OpenDraftInput = z.object({ title: Text(200), office: z.enum(['leadership', 'alliance']).optional() });
export const EditDraftInput = z.object({ draftId: Id, revision: z.number().int().positive(), operations: z.array(DraftOperationInput).max(100) });
export const RebaseDraftInput = z.object({ draftId: Id, revision: z.number().int().positive() });
export const SendDraftInput = z.object({
  draftId: Id,
  workingDays: z.number().int().min(1).max(30).optional(),
  cities: z.array(CityCode).min(1).max(4).optional(),
});
export const AnswerConsultationInput = z.object({ draftId: Id, verdict: z.enum(['agree', 'object']), reason: z.string().trim().max(2000) });
export const AdoptDraftInput = z.object({
  draftId: Id,
  reason: z.string().trim().min(4).max(2000),
  effectiveAt: z.string().datetime({ offset: true }).optional(),
});
export const DraftWhatIfInput = z.object({
  draftId: Id,
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});

/** 信息共享: a register lookup by name, credit code or address, optionally from a case */
export const RegisterLookupInput = z.object({ query: z.string().trim().min(1).max(100), caseId: Id.optional() });
export const SendDataRequestInput = z.object({
  caseId: Id,
  toUnit: z.string().regex(/^\d{6}:[a-z]+$/),
  need: z.string().trim().min(1).max(2000),
  workingDays: z.number().int().min(1).max(30).optional(),
});
export const AnswerDataRequestInput = z.object({ requestId: Id, text: z.string().trim().min(1).max(5000), attachmentIds: z.array(Id).max(20).optional() });
export const CloseDataRequestInput = z.object({ requestId: Id, withdraw: z.boolean().optional() });
