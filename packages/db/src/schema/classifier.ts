import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { CorrectionSource } from '@gongzhi/domain';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Every matter label a person gave a complaint text at work (domain `CaseLabel`): the classifier's
 * retraining data. The text is copied: a later edit of the case does not change what was labelled.
 */
export const classifierCorrections = pgTable(
  'classifier_corrections',
  {
    id: serial('id').primaryKey(),
    caseId: text('case_id').notNull(),
    text: text('text').notNull(),
    matterCode: text('matter_code').notNull(),
    source: text('source').$type<CorrectionSource>().notNull(),
    /** the classifier's top guess when the label was given, where known */
    suggested: text('suggested'),
    actor: text('actor').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('classifier_corrections_created').on(t.createdAt)],
);

/**
 * Versions of the matter model trained from the shipped texts and the corrections (`gongzhi
 * classifier retrain`, the scheduled retrain, or leadership's button): the newest is the one in
 * use; each keeps its validation and test figures so versions compare.
 */
export const classifierModels = pgTable('classifier_models', {
  version: integer('version').primaryKey(),
  trainedAt: at('trained_at').notNull(),
  /** who asked: a username, or `schedule` / `cli` */
  trainedBy: text('trained_by').notNull(),
  /** the corrections up to this id were used */
  correctionsUpTo: integer('corrections_up_to').notNull(),
  /** MatterModelJson of @gongzhi/nlp */
  model: jsonb('model').notNull(),
  /** figures on the project's labelled test set (never trained on) */
  test: jsonb('test').notNull(),
});
