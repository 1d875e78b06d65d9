-- Finding tickets by what a customer service clerk is told on the phone: the customer's name
-- or organisation (any part, simplified or traditional, pinyin initials), their phone number
-- or its last four digits, or the ticket number. A customer row gets a search document
-- (core::SearchDocument) and its FTS5 shadow (rowid = the customer's id); the documents of
-- customers already stored are built at start (complaints::UpgradeCustomerSearch).
ALTER TABLE complaint_customers ADD COLUMN search_doc TEXT NOT NULL DEFAULT '';
CREATE INDEX complaint_customers_tail ON complaint_customers (phone_tail);
CREATE VIRTUAL TABLE complaint_customers_fts USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0');
-- As the other search indexes (V018): fewer, larger merges under a busy intake.
INSERT INTO complaint_customers_fts (complaint_customers_fts, rank) VALUES ('automerge', 16);
INSERT INTO complaint_customers_fts (complaint_customers_fts, rank) VALUES ('crisismerge', 64);
