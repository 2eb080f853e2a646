import { boolean, doublePrecision, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { AttachmentStep } from '@gongzhi/domain';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A file attached to a case or one of its workflow steps (intake evidence, before, after, a joint
 * action's part report, a dispute statement's exhibit). The bytes are in the file store under the
 * platform's own keys; what the content is was read from it (never the name), and a photo's EXIF
 * time and place are kept apart from the file (copies shown to anyone carry no EXIF).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    /** the workflow whose step it belongs to, when not the case itself */
    workflowId: text('workflow_id'),
    step: text('step').$type<AttachmentStep>().notNull(),
    mime: text('mime').notNull(),
    kind: text('kind').$type<'image' | 'pdf' | 'video'>().notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** the name the uploader's device gave it, shown to those who may see the case */
    name: text('name').notNull(),
    /** a thumbnail and an EXIF-free public copy exist (photos the server can decode) */
    rendered: boolean('rendered').notNull().default(false),
    takenAt: at('taken_at'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    /** chosen by the closing officer: shown on the public status page once the case is closed */
    public: boolean('public').notNull().default(false),
    uploadedBy: text('uploaded_by').notNull(),
    unit: text('unit'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('attachments_case').on(t.caseId, t.createdAt)],
);
