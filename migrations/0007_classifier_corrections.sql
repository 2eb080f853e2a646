CREATE TABLE "classifier_corrections" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"text" text NOT NULL,
	"matter_code" text NOT NULL,
	"source" text NOT NULL,
	"suggested" text,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "classifier_models" (
	"version" integer PRIMARY KEY NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"trained_by" text NOT NULL,
	"corrections_up_to" integer NOT NULL,
	"model" jsonb NOT NULL,
	"test" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "classifier_corrections_created" ON "classifier_corrections" USING btree ("created_at");