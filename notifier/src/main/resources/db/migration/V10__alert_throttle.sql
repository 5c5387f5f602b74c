-- The notifier's throttle state. Times are the notifier's clock, never the database's now(), so that a
-- controllable clock in tests and several replicas agree on what is due.

-- One row per alert (integration + code): its latest details from integration-alerts and its mail schedule.
CREATE TABLE alert_throttle (
    integration_id       TEXT        NOT NULL,
    alert_code           TEXT        NOT NULL,
    account_id           TEXT        NOT NULL,
    state                TEXT        NOT NULL CHECK (state IN ('RAISED', 'RESOLVED')),
    service              TEXT,
    message              TEXT        NOT NULL,
    advice               TEXT        NOT NULL,
    first_seen_at        TIMESTAMPTZ,
    last_seen_at         TIMESTAMPTZ,
    occurrences          INTEGER     NOT NULL DEFAULT 0,
    -- envelope time of the newest record applied: older records are ignored
    event_at             TIMESTAMPTZ NOT NULL,
    -- when the notifier saw the current episode raised / resolved
    raised_at            TIMESTAMPTZ,
    resolved_at          TIMESTAMPTZ,
    -- when the next mail naming this alert is due; NULL: nothing to mail
    next_due_at          TIMESTAMPTZ,
    -- the due mail is the "resolved" one (resolved, not mailed yet)
    resolved_pending     BOOLEAN     NOT NULL DEFAULT false,
    last_mailed_at       TIMESTAMPTZ,
    last_alert_mailed_at TIMESTAMPTZ,
    last_message_id      TEXT,
    mails_sent           INTEGER     NOT NULL DEFAULT 0,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, alert_code)
);
CREATE INDEX alert_throttle_due ON alert_throttle (next_due_at, account_id) WHERE next_due_at IS NOT NULL;
CREATE INDEX alert_throttle_account ON alert_throttle (account_id);

-- One row per account: a sender locks it (FOR UPDATE SKIP LOCKED) to own the account's mail while sending;
-- failed SMTP attempts and the back-off live here.
CREATE TABLE account_mailbox (
    account_id      TEXT PRIMARY KEY,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    retry_at        TIMESTAMPTZ,
    last_error      TEXT,
    last_sent_at    TIMESTAMPTZ
);

-- Every mail sent, written in the same transaction that reschedules its alerts; published_at stays NULL until
-- its NotificationSent record is on the notifications topic (an outbox).
CREATE TABLE sent_mail (
    message_id   TEXT PRIMARY KEY,
    account_id   TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    recipients   TEXT        NOT NULL,
    alert_keys   TEXT        NOT NULL,
    sent_at      TIMESTAMPTZ NOT NULL,
    envelope     TEXT        NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX sent_mail_unpublished ON sent_mail (sent_at) WHERE published_at IS NULL;
CREATE INDEX sent_mail_account ON sent_mail (account_id, sent_at);
