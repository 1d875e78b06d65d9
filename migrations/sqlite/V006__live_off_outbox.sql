-- Live events (channels live and inapp) now leave with their transaction (notify/live.hpp)
-- instead of through the outbox. Rows of those channels still waiting from an older
-- version would wait for ever: their screens have long reloaded, so they count as sent.
UPDATE outbox SET status = 'sent', sent_at = COALESCE(sent_at, created_at), lease_until = NULL
WHERE channel IN ('live', 'inapp') AND status IN ('pending', 'sending');
