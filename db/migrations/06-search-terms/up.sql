-- The words of the search index, each with the number of documents it is in: what a prefix
-- begins is looked up here (a range of this B-tree), so that a search for "Medi" asks FTS5 for
-- the few words it begins ("medien", "media", ...) one by one, which FTS5 walks lazily, newest
-- first, instead of for the prefix, for which FTS5 gathers every document of every such word
-- before it returns the first. The counts are each word's document frequency for ranking,
-- which FTS5's own bm25() finds by walking every document of the word at every search.
--
-- A whole build fills it from `search_vocab`; refreshing a document adds its words and takes
-- its old ones away. A word no document holds any more may stay with a count of 0: it matches
-- nothing.
CREATE TABLE search_terms (
    term      TEXT PRIMARY KEY,
    documents INTEGER NOT NULL
) WITHOUT ROWID;

-- FTS5's own list of the index's words and their document counts, read once per whole build.
CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_index, row);
