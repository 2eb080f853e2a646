ALTER TABLE "case_facts" ADD COLUMN "supervision_orders" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_facts" ADD COLUMN "supervision_overdue" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "assignee" text;--> statement-breakpoint
CREATE INDEX "cases_holder_assignee" ON "cases" USING btree ("holder_unit","assignee");