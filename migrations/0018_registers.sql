CREATE TABLE "data_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"from_unit" text NOT NULL,
	"to_unit" text NOT NULL,
	"need" text NOT NULL,
	"working_days" integer NOT NULL,
	"sent_by" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"answer" text,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"escalated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "register_businesses" (
	"unit_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"scope" text NOT NULL,
	"status" text NOT NULL,
	"name_folded" text NOT NULL,
	"address_folded" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "register_businesses_unit_id_credit_code_pk" PRIMARY KEY("unit_id","credit_code")
);
--> statement-breakpoint
CREATE INDEX "data_requests_case" ON "data_requests" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "data_requests_to" ON "data_requests" USING btree ("to_unit","sent_at");--> statement-breakpoint
CREATE INDEX "data_requests_from" ON "data_requests" USING btree ("from_unit","sent_at");--> statement-breakpoint
CREATE INDEX "register_businesses_code" ON "register_businesses" USING btree ("credit_code");