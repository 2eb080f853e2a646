/** Error codes a caller can act on; the API maps each to one tRPC code and HTTP status. */
export const ERROR_CODES = ['INVALID', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT', 'TOO_MANY_REQUESTS'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Every reason the platform refuses something for: a closed set, so each has its text in both
 * languages of the portal (a missing translation is a type error there).
 */
export const ERROR_REASONS = [
  // input
  'ADDRESS_UNPLACED',
  'FILE_TYPE_REFUSED',
  'FILE_TOO_LARGE',
  'FILE_NOT_RENDERED',
  'FILE_NOT_PUBLIC_STEP',
  'FILE_STEP_UNKNOWN',
  'FILE_UNKNOWN',
  'DEPARTMENT_ONLY',
  'UNIT_UNKNOWN',
  'DATA_REQUEST_SELF',
  'REQUEST_KEY_REUSED',
  'REQUEST_KEY_INVALID',
  'CITED_MATTER_NOT_LED_BY_TARGET',
  'EXTENSION_NOT_LATER',
  'LATITUDE_OUT_OF_RANGE',
  'LEAD_ALSO_SUPPORT',
  'LOCATION_REQUIRED',
  'LONGITUDE_OUT_OF_RANGE',
  'MEMBERSHIP_INVALID',
  'MEMBERSHIPS_REQUIRED',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_SAME',
  'USERNAME_INVALID',
  'MATRIX_UNSOUND',
  'MATTER_UNKNOWN',
  'NO_CO_DEPARTMENTS',
  'OUTSIDE_ALLIANCE',
  'PERIOD_INVALID',
  'CURSOR_INVALID',
  'WINDOW_EMPTY',
  'WINDOW_TOO_LONG',
  'REFER_SAME_CITY',
  'REPORTED_IN_UNKNOWN',
  'REVIEW_DATE_INVALID',
  'SCHEDULE_IN_PAST',
  'SUPERVISION_DUE_INVALID',
  'ASSIGNEE_NOT_IN_UNIT',
  'TEXT_CONTROL_CHARACTER',
  'IMPORT_FILE_UNREADABLE',
  'IMPORT_COLUMNS_MISSING',
  'ENFORCEMENT_RECORD_REQUIRED',
  'ENFORCEMENT_NO_STANDARD',
  'FINE_AMOUNT_REQUIRED',
  'FINE_AMOUNT_UNEXPECTED',
  'DETAINED_ITEMS_REQUIRED',
  'DETAINED_ITEMS_UNEXPECTED',
  'CREDIT_CODE_INVALID',
  'CASE_DATE_INVALID',
  'DRAFT_OPERATION_INVALID',
  'DRAFT_EMPTY',
  'EFFECTIVE_IN_PAST',
  // not found
  'ATTACHMENT_UNKNOWN',
  'CASE_UNKNOWN',
  'MATRIX_NOT_SEEDED',
  'MATRIX_VERSION_UNKNOWN',
  'WORKFLOW_UNKNOWN',
  'USER_UNKNOWN',
  'SESSION_UNKNOWN',
  'API_KEY_UNKNOWN',
  'DRAFT_UNKNOWN',
  // who
  'ACTION_REFUSED',
  'CASE_NOT_YOURS',
  'LOGIN_FAILED',
  'LOGIN_THROTTLED',
  'NOT_LEAD_UNIT',
  'RATING_CODE_WRONG',
  'REFER_NOT_COORDINATOR',
  'ROLE_REQUIRED',
  'USER_NOT_IN_SCOPE',
  'API_KEYS_ALLIANCE_ONLY',
  'PASSWORD_CURRENT_WRONG',
  'PASSWORD_CHANGE_REQUIRED',
  'RATING_THROTTLED',
  'API_KEY_RATE_LIMITED',
  'SIGN_IN_REQUIRED',
  'TEAM_NOT_YOURS',
  // state
  'ALREADY_IMPORTED',
  'AMENDMENT_NO_CHANGE',
  'CASE_ALREADY_ROUTED',
  'CLASSIFIER_TRAINING',
  'CLASSIFIER_UNAVAILABLE',
  'EVENT_NOT_ALLOWED',
  'MATRIX_CHANGED',
  'MATRIX_VERSION_TAKEN',
  'PROPOSAL_OPEN',
  'RATING_DONE',
  'RATING_NOT_YET',
  'REFER_NOT_OPEN',
  'REFER_PENDING',
  'STALE_VERSION',
  'USERNAME_TAKEN',
  'LAST_ADMIN',
  'DRAFT_STALE',
  'DRAFT_CLOSED',
  'CASE_IS_CLOSED',
  'DRAFT_IN_CONSULTATION',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/**
 * The one error type of the platform. `reason` is a stable key the portal turns into zh/en text;
 * `message` is the English fallback for logs and the CLI; `params` fill the translated text.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: ErrorReason,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (reason: ErrorReason, message: string, params?: Record<string, string | number>) => new DomainError('INVALID', reason, message, params);
