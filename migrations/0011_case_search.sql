-- Finding any case (issue 11, item 10): the distinct lower-cased character pairs of a text, so a GIN
-- index answers "contains every pair of the query" for Chinese as for Latin text (pg_trgm splits on
-- words and needs three characters; a two-character query such as 路灯 is common). Built-in SQL only:
-- the same on PostgreSQL and PGlite. The repository's caseSearchText / searchGrams repeat these expressions.
CREATE FUNCTION gongzhi_search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (SELECT substr(lower(t), i, 2) AS g FROM generate_series(1, char_length(t) - 1) AS i) s WHERE g !~ '\s' $$;
--> statement-breakpoint
CREATE INDEX "cases_search_grams" ON "cases" USING gin (gongzhi_search_grams("description" || ' ' || coalesce("address", '')));
--> statement-breakpoint
CREATE INDEX "cases_reporter_phone_digits" ON "cases" (regexp_replace("reporter_phone", '[^0-9]', '', 'g')) WHERE "reporter_phone" IS NOT NULL;
--> statement-breakpoint
-- The visibility rule's inbox and holding sub-selects (caseVisibleTo, reporterVisibleTo) read only these two columns.
CREATE INDEX "tasks_inbox_case" ON "tasks" ("inbox", "case_id");
--> statement-breakpoint
CREATE INDEX "holdings_unit_case" ON "holdings" ("unit", "case_id");
