ALTER TABLE "memberships" ALTER COLUMN "city_adcode" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "open311_clients" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "open311_clients" ADD COLUMN "request_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "open311_clients" ADD COLUMN "rate_per_minute" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "open311_clients" ADD COLUMN "window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "open311_clients" ADD COLUMN "window_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "client_address" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_changed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "audit_claims" ON "audit_log" USING btree ("actor","workflow_id") WHERE "audit_log"."action" = 'case.CLAIM';--> statement-breakpoint
-- The alliance-level roles hold no city (the demo accounts had the alliance seat's); the one
-- administrator before scoped administration administered everything: the alliance's.
UPDATE "memberships" SET "city_adcode" = NULL, "department_code" = NULL WHERE "role" IN ('leadership', 'alliance', 'admin');
