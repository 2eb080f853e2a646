CREATE TABLE "enforcement_records" (
	"case_id" text PRIMARY KEY NOT NULL,
	"city_adcode" text NOT NULL,
	"matter_code" text NOT NULL,
	"case_date" text NOT NULL,
	"standard_from" text NOT NULL,
	"measure" text NOT NULL,
	"fine_amount" integer,
	"detained_items" jsonb NOT NULL,
	"severity" text NOT NULL,
	"first_offence" boolean NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_name" text NOT NULL,
	"credit_code" text,
	"deviations" jsonb NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"approval_reason" text
);
--> statement-breakpoint
ALTER TABLE "city_standards" DROP CONSTRAINT "city_standards_city_matter";--> statement-breakpoint
CREATE INDEX "enforcement_records_matter" ON "enforcement_records" USING btree ("city_adcode","matter_code","severity");--> statement-breakpoint
ALTER TABLE "city_standards" ADD CONSTRAINT "city_standards_city_matter_from" UNIQUE("city_adcode","matter_code","effective_from");