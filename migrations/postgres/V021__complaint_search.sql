-- Finding tickets by what a customer service clerk is told on the phone: the customer's name
-- or organisation (any part, simplified or traditional, pinyin initials), their phone number
-- or its last four digits, or the ticket number. A customer row gets a search document
-- (core::SearchDocument) under a GIN index; the documents of customers already stored are
-- built at start (complaints::UpgradeCustomerSearch).
ALTER TABLE complaint_customers ADD COLUMN search_doc TEXT NOT NULL DEFAULT '';
CREATE INDEX complaint_customers_tail ON complaint_customers (phone_tail);
CREATE INDEX complaint_customers_search ON complaint_customers USING GIN (to_tsvector('simple', search_doc));
