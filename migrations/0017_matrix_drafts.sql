CREATE TABLE "matrix_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"based_on" integer NOT NULL,
	"operations" jsonb NOT NULL,
	"office" text NOT NULL,
	"title" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"adopted_version" integer
);
--> statement-breakpoint
ALTER TABLE "matrix_versions" ADD COLUMN "effective_at" timestamp with time zone;--> statement-breakpoint
-- every version stored before scheduled adoption took effect when it was made
UPDATE "matrix_versions" SET "effective_at" = "created_at";--> statement-breakpoint
ALTER TABLE "matrix_versions" ALTER COLUMN "effective_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "matrix_versions" ADD COLUMN "draft_id" text;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "successor" text;--> statement-breakpoint
ALTER TABLE "matrix_drafts" ADD CONSTRAINT "matrix_drafts_based_on_matrix_versions_version_fk" FOREIGN KEY ("based_on") REFERENCES "public"."matrix_versions"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "matrix_drafts_state" ON "matrix_drafts" USING btree ("state","updated_at");