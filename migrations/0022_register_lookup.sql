-- Register lookup by a fragment of a business's name or address (issue 14 item 3) through an index
-- instead of a LIKE '%…%' scan of every row: the character pairs of the folded name and address
-- (gongzhi_search_grams, migration 0011: built-in SQL, the same on PostgreSQL and PGlite, and it
-- answers two-character queries such as 烧烤, which pg_trgm's trigrams cannot). The repository's
-- lookupBusinesses repeats this expression. '|' never occurs in a folded text or query (foldText
-- removes symbols), so the pairs across it match nothing.
CREATE INDEX "register_businesses_grams" ON "register_businesses" USING gin (gongzhi_search_grams("name_folded" || '|' || "address_folded")) WITH (fastupdate = off);
