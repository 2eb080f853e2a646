ALTER TABLE "matters" ADD COLUMN "resolution_amount" integer;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "resolution_unit" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolve_by" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolved_on_time" boolean;