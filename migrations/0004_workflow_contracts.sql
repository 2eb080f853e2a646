ALTER TABLE "matrix_versions" ADD COLUMN "dispute_id" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "transfer_locked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "definition_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Cases ruled before this column existed keep their lock (it lived only in the case workflow's snapshot).
UPDATE "cases" SET "transfer_locked" = true FROM "workflows" WHERE "workflows"."id" = "cases"."id" AND "workflows"."kind" = 'case' AND ("workflows"."snapshot"->'context'->>'transferLocked')::boolean;
