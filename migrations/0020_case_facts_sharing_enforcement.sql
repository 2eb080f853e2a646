ALTER TABLE "case_facts" ADD COLUMN "enforcement_flexible" boolean;--> statement-breakpoint
ALTER TABLE "case_facts" ADD COLUMN "enforcement_deviating" boolean;--> statement-breakpoint
ALTER TABLE "case_facts" ADD COLUMN "data_requests_judged" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_facts" ADD COLUMN "data_requests_on_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_facts" ADD COLUMN "data_request_unit" text;--> statement-breakpoint
-- Backfill from what is already stored: every case's enforcement record, and its data requests once
-- judged (answered, or escalated when the deadline passed unanswered), as the engine now keeps them.
UPDATE "case_facts" f SET "enforcement_flexible" = r."measure" in ('persuasion', 'warning', 'order'),
  "enforcement_deviating" = jsonb_array_length(r."deviations") > 0
FROM "enforcement_records" r WHERE r."case_id" = f."case_id";--> statement-breakpoint
UPDATE "case_facts" f SET "data_requests_judged" = j.n, "data_requests_on_time" = j.ok, "data_request_unit" = j.unit
FROM (
  SELECT r."case_id", count(*)::int n,
    sum(case when coalesce(w."snapshot"->'context'->>'late', 'false') <> 'true' and r."answered_at" <= r."due_at" then 1 else 0 end)::int ok,
    (array_agg(r."to_unit" order by r."sent_at" desc))[1] unit
  FROM "data_requests" r JOIN "workflows" w ON w."id" = r."id"
  WHERE w."snapshot"->'context'->>'late' = 'true' OR r."answered_at" IS NOT NULL
  GROUP BY r."case_id"
) j WHERE j."case_id" = f."case_id";
