CREATE TABLE "case_facts_monthly" (
	"month" date NOT NULL,
	"basis" smallint NOT NULL,
	"city_adcode" text NOT NULL,
	"county_adcode" text NOT NULL,
	"unit" text,
	"domain_code" text,
	"matter_code" text,
	"source" text NOT NULL,
	"cases" integer NOT NULL,
	"n" numeric[] NOT NULL,
	"d" numeric[] NOT NULL,
	CONSTRAINT "case_facts_monthly_key" UNIQUE NULLS NOT DISTINCT("month","basis","city_adcode","county_adcode","unit","domain_code","matter_code","source")
);
--> statement-breakpoint
CREATE INDEX "case_facts_unclaimed" ON "case_facts" USING btree ("reported_at") WHERE "case_facts"."first_claim_at" is null;