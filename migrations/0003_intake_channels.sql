CREATE TABLE "open311_clients" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "open311_clients_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "attributes" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "media_url" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reporter_email" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "matter_confidence" double precision;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "repeat_of" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "public_code_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "cases_external_ref" ON "cases" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "cases_repeat_of" ON "cases" USING btree ("repeat_of");--> statement-breakpoint
CREATE INDEX "cases_matter_place" ON "cases" USING btree ("matter_code","lat","lon");