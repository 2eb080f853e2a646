CREATE TABLE "city_standards" (
	"city_adcode" text NOT NULL,
	"matter_code" text NOT NULL,
	"policy" text NOT NULL,
	"conditions_zh" text NOT NULL,
	"conditions_en" text NOT NULL,
	"fines" jsonb,
	"first_offence_no_penalty" boolean NOT NULL,
	"effective_from" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "city_standards_city_matter" UNIQUE("city_adcode","matter_code")
);
--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "matter_code" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "matrix_version" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "tier" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "city_standards" ADD CONSTRAINT "city_standards_city_adcode_cities_adcode_fk" FOREIGN KEY ("city_adcode") REFERENCES "public"."cities"("adcode") ON DELETE no action ON UPDATE no action;