DROP INDEX "timers_due";--> statement-breakpoint
CREATE INDEX "timers_due" ON "timers" USING btree ("due_at","id") WHERE "timers"."fired_at" is null;