-- FTS5 merges a level's segments once it holds `automerge` of them (default 4), a little
-- after each write. Under a busy desk every group commit writes a new small segment, and
-- with 4 the merging came in bursts of several hundred pages inside one commit, which all
-- sixty-four waiting registrations waited for (bench/ab.sh: p99 23-29 ms with 4, 20-21 ms
-- with 16; docs/benchmarks.md). With 16 each page is rewritten fewer times. A search
-- looks at up to 16 segments per level instead of 4; the levels are fewer. `crisismerge`
-- (merge a level at once) keeps its default ratio of four to automerge.
INSERT INTO visits_fts (visits_fts, rank) VALUES ('automerge', 16);
INSERT INTO visits_fts (visits_fts, rank) VALUES ('crisismerge', 64);
INSERT INTO visitors_fts (visitors_fts, rank) VALUES ('automerge', 16);
INSERT INTO visitors_fts (visitors_fts, rank) VALUES ('crisismerge', 64);
INSERT INTO callers_fts (callers_fts, rank) VALUES ('automerge', 16);
INSERT INTO callers_fts (callers_fts, rank) VALUES ('crisismerge', 64);
INSERT INTO calls_fts (calls_fts, rank) VALUES ('automerge', 16);
INSERT INTO calls_fts (calls_fts, rank) VALUES ('crisismerge', 64);
INSERT INTO knowledge_fts (knowledge_fts, rank) VALUES ('automerge', 16);
INSERT INTO knowledge_fts (knowledge_fts, rank) VALUES ('crisismerge', 64);
