-- The held login a factor was started in, when it was started during one (null when it was started
-- from a gateway session). "A factor confirmed during this held login" — what releases a held login
-- after enrolment and what lets that same login add a further factor without a step-up — must mean
-- exactly that: not any factor of the account confirmed since the login began, which the owner could
-- have added from their own session while someone else holds a login of the same number.
-- No foreign key: held logins are purged an hour after they expire, and the id then matches nothing.
alter table factors add column pending_login_id uuid;
