CREATE TABLE "request_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"username" text NOT NULL,
	"case_id" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "request_keys_case" ON "request_keys" USING btree ("case_id");