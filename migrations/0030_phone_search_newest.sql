-- The case search by phone takes its page from here: a phone's cases newest first (by number), so the
-- newest 20 of a caller who reported thousands are read without the rest. It replaces 0011's index on
-- the digits alone, which this one serves as well (an equality on its first column).
CREATE INDEX "cases_reporter_phone_number" ON "cases" (regexp_replace("reporter_phone", '[^0-9]', '', 'g'), "number") WHERE "reporter_phone" IS NOT NULL;
--> statement-breakpoint
DROP INDEX "cases_reporter_phone_digits";
