-- GET /integrations pages in integration-id order (Java's order, hence COLLATE "C"), per account: each page reads
-- limit + 1 rows of each source from these indexes, however many integrations the account has.
CREATE INDEX controlled_integration_account_page
    ON controlled_integration (account_id, (integration_id COLLATE "C"));
CREATE INDEX controlled_integration_page ON controlled_integration ((integration_id COLLATE "C"));
-- The shared directory table (db/common) in status-api's schema: only status-api lists it page by page.
CREATE INDEX integration_directory_account_page
    ON integration_directory (account_id, (integration_id COLLATE "C"));
CREATE INDEX integration_directory_page ON integration_directory ((integration_id COLLATE "C"));
