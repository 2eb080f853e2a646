CREATE TABLE "alliance_standards" (
	"id" serial PRIMARY KEY NOT NULL,
	"matter_code" text NOT NULL,
	"text" text NOT NULL,
	"proposal_id" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"unit" text,
	"action" text NOT NULL,
	"workflow_id" text,
	"payload" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_chain_seq" UNIQUE("chain","seq")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"number" serial NOT NULL,
	"matter_code" text NOT NULL,
	"matrix_version" integer NOT NULL,
	"city_adcode" text NOT NULL,
	"county_adcode" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"address" text,
	"description" text NOT NULL,
	"reporter_name" text,
	"reporter_phone" text,
	"source" text NOT NULL,
	"reported_in" text,
	"border_cities" text[] NOT NULL,
	"cross_city" boolean NOT NULL,
	"tier" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"holder_unit" text,
	"closed_at" timestamp with time zone,
	CONSTRAINT "cases_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "holdings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"unit" text NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"kind" text NOT NULL,
	"case_id" text,
	"inbox" text NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"due_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"escalation" integer NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"key" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"event" jsonb NOT NULL,
	"fired_at" timestamp with time zone,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"case_id" text,
	"matter_code" text,
	"state" text NOT NULL,
	"done" boolean NOT NULL,
	"snapshot" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_city_adcode_cities_adcode_fk" FOREIGN KEY ("city_adcode") REFERENCES "public"."cities"("adcode") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_county_adcode_counties_adcode_fk" FOREIGN KEY ("county_adcode") REFERENCES "public"."counties"("adcode") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holdings" ADD CONSTRAINT "holdings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timers" ADD CONSTRAINT "timers_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_city_state" ON "cases" USING btree ("city_adcode","state");--> statement-breakpoint
CREATE INDEX "cases_matter" ON "cases" USING btree ("matter_code");--> statement-breakpoint
CREATE INDEX "holdings_case" ON "holdings" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "tasks_inbox_due" ON "tasks" USING btree ("inbox","due_at");--> statement-breakpoint
CREATE INDEX "tasks_workflow" ON "tasks" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "timers_due" ON "timers" USING btree ("due_at") WHERE "timers"."fired_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "timers_pending_key" ON "timers" USING btree ("workflow_id","key") WHERE "timers"."fired_at" is null;--> statement-breakpoint
CREATE INDEX "workflows_case" ON "workflows" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "workflows_kind_state" ON "workflows" USING btree ("kind","state");