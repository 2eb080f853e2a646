CREATE TABLE "fact_rollup" (
	"code" text NOT NULL,
	"day" date NOT NULL,
	"city_adcode" text NOT NULL,
	"county_adcode" text NOT NULL,
	"unit" text,
	"case_unit" text,
	"domain_code" text,
	"matter_code" text,
	"source" text NOT NULL,
	"num" numeric NOT NULL,
	"den" numeric NOT NULL,
	CONSTRAINT "fact_rollup_key" UNIQUE NULLS NOT DISTINCT("code","day","city_adcode","county_adcode","unit","case_unit","domain_code","matter_code","source")
);
--> statement-breakpoint
CREATE TABLE "fact_rollup_definition" (
	"id" integer PRIMARY KEY NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "case_facts_unclaimed_window" ON "case_facts" USING btree ("respond_by") WHERE "case_facts"."first_claim_at" is null;