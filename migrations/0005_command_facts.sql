CREATE TABLE "case_facts" (
	"case_id" text PRIMARY KEY NOT NULL,
	"city_adcode" text NOT NULL,
	"county_adcode" text NOT NULL,
	"matter_code" text,
	"domain_code" text,
	"source" text NOT NULL,
	"tier" text,
	"reported_at" timestamp with time zone NOT NULL,
	"respond_by" timestamp with time zone,
	"first_claim_at" timestamp with time zone,
	"response_unit" text,
	"resolve_by" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closing_unit" text,
	"holder_unit" text,
	"reopened" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	"transfers_rejected" integer DEFAULT 0 NOT NULL,
	"disputes" integer DEFAULT 0 NOT NULL,
	"disputes_ruled" integer DEFAULT 0 NOT NULL,
	"disputes_ruled_in_time" integer DEFAULT 0 NOT NULL,
	"joint" boolean DEFAULT false NOT NULL,
	"border" boolean DEFAULT false NOT NULL,
	"repeat" boolean DEFAULT false NOT NULL,
	"rating" text,
	"published" boolean DEFAULT false NOT NULL,
	"historical" boolean DEFAULT false NOT NULL,
	"external_ref" text
);
--> statement-breakpoint
CREATE INDEX "case_facts_reported" ON "case_facts" USING btree ("reported_at","city_adcode");--> statement-breakpoint
CREATE INDEX "case_facts_closed" ON "case_facts" USING btree ("closed_at") WHERE "case_facts"."closed_at" is not null;--> statement-breakpoint
CREATE INDEX "case_facts_external_ref" ON "case_facts" USING btree ("external_ref");