-- The repeat search walks a matter's cases nearest first instead of sorting every case in the box.
-- btree_gist puts the matter (text) in the GiST index beside the point; it is a trusted extension,
-- so the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
DROP INDEX "cases_matter_place";--> statement-breakpoint
CREATE INDEX "cases_matter_near" ON "cases" USING gist ("matter_code",point("lon" * 0.862, "lat"));
