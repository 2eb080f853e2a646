CREATE TABLE "notification_marks" (
	"user_id" text PRIMARY KEY NOT NULL,
	"read_to" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_reads" (
	"user_id" text NOT NULL,
	"notification_id" bigint NOT NULL,
	CONSTRAINT "notification_reads_user_id_notification_id_pk" PRIMARY KEY("user_id","notification_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"inbox" text NOT NULL,
	"kind" text NOT NULL,
	"action" text NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_kind" text NOT NULL,
	"case_id" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notifications_inbox" ON "notifications" USING btree ("inbox","id");