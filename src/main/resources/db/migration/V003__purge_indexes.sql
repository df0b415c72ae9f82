-- Indexes that let housekeeping (dev.factorgate.housekeeping) delete expired rows without reading
-- whole tables. Built CONCURRENTLY, so that upgrading a busy gateway never blocks writes to
-- factors or email_codes while the index is built; Flyway runs this file outside a transaction.

-- Deleting a held login or a pending factor cascades to its email codes: without these, every
-- deleted row would make PostgreSQL scan email_codes for the codes that referenced it.
create index concurrently email_codes_pending_login on email_codes (pending_login_id)
    where pending_login_id is not null;
create index concurrently email_codes_factor on email_codes (factor_id)
    where factor_id is not null;

-- Pending factors past their expiry, found without reading every active factor.
create index concurrently factors_pending_expiry on factors (expires_at)
    where status = 'pending';
