CREATE TABLE "attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"workflow_id" text,
	"step" text NOT NULL,
	"mime" text NOT NULL,
	"kind" text NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"name" text NOT NULL,
	"rendered" boolean DEFAULT false NOT NULL,
	"taken_at" timestamp with time zone,
	"lon" double precision,
	"lat" double precision,
	"public" boolean DEFAULT false NOT NULL,
	"uploaded_by" text NOT NULL,
	"unit" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "attachments_case" ON "attachments" USING btree ("case_id","created_at");