-- factorgate schema: the whole product (SPEC sections 3-8) in one first migration, so that later
-- work adds features rather than reshaping tables. Forward-only; never edit a released migration.

-- Accounts are keyed by the upstream's user id; `id` is internal and binds ciphertexts to rows.
create table accounts (
    id                 bigint generated always as identity primary key,
    user_id            text        not null unique check (length(user_id) between 1 and 200),
    phone              text        check (phone ~ '^\+[1-9][0-9]{1,14}$'),
    email              text        check (length(email) <= 254),
    phone_verified_at  timestamptz,
    login_policy       text        not null default 'sms_only'
                                   check (login_policy in ('sms_only', 'second_factor_required')),
    phone_recycled_at  timestamptz,          -- disconnection date of the matching recycled-number record
    phone_virtual      boolean     not null default false,
    frozen_at          timestamptz,          -- "this wasn't me": frozen until an admin reviews it
    frozen_reason      text,
    last_login_at      timestamptz,
    last_login_method  text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
-- segment=sms_only pages through this with keyset pagination on user_id
create index accounts_policy_user on accounts (login_policy, user_id);
create index accounts_phone on accounts (phone) where phone is not null;
create index accounts_recycled on accounts (user_id) where phone_recycled_at is not null;

-- Factors: TOTP secrets are SecretBox ciphertexts bound to 'factors:secret:<id>'.
create table factors (
    id              uuid        primary key default gen_random_uuid(),
    account_id      bigint      not null references accounts (id) on delete cascade,
    kind            text        not null check (kind in ('totp', 'email')),
    status          text        not null check (status in ('pending', 'active', 'revoked')),
    label           text        check (length(label) <= 100),
    secret          bytea,                    -- TOTP only, encrypted
    algorithm       text        check (algorithm in ('SHA1', 'SHA256', 'SHA512')),
    digits          smallint    check (digits between 6 and 8),
    period          smallint    check (period between 15 and 300),
    last_step       bigint,                   -- replay guard: highest accepted TOTP time step
    address         text        check (length(address) <= 254),   -- email only
    created_at      timestamptz not null default now(),
    expires_at      timestamptz,              -- pending factors expire
    confirmed_at    timestamptz,
    last_used_at    timestamptz,
    revoked_at      timestamptz,
    check (kind <> 'totp' or (secret is not null and algorithm is not null and digits is not null and period is not null)),
    check (kind <> 'email' or address is not null)
);
create index factors_account on factors (account_id, status);
create unique index factors_one_active_email on factors (account_id, lower(address))
    where kind = 'email' and status = 'active';

-- Recovery codes: only an HMAC of each code is kept; a generation replaces the previous one.
create table recovery_codes (
    account_id  bigint      not null references accounts (id) on delete cascade,
    code_hmac   bytea       not null,
    generation  int         not null,
    created_at  timestamptz not null default now(),
    used_at     timestamptz,
    primary key (account_id, code_hmac)
);

-- A held upstream login: the whole upstream response, encrypted and bound to 'pending_logins:response:<id>'.
create table pending_logins (
    id            uuid        primary key default gen_random_uuid(),
    token_hash    bytea       not null unique,
    account_id    bigint      not null references accounts (id) on delete cascade,
    route         text        not null,
    login_method  text        not null,
    outcome       text        not null check (outcome in ('challenge', 'require_enrolment', 'nudge')),
    campaign_id   bigint,
    snoozes_left  int         not null default 0,
    response      bytea       not null,
    destination   text,
    api           boolean     not null default false,
    client_ip     text,
    instance      text,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    consumed_at   timestamptz
);
create index pending_logins_expiry on pending_logins (expires_at);
create index pending_logins_account on pending_logins (account_id);

-- Email codes (login challenge, enrolment, confirmation of the address on file, step-up).
create table email_codes (
    id                uuid        primary key default gen_random_uuid(),
    account_id        bigint      not null references accounts (id) on delete cascade,
    factor_id         uuid        references factors (id) on delete cascade,
    pending_login_id  uuid        references pending_logins (id) on delete cascade,
    purpose           text        not null check (purpose in ('login', 'enrol', 'step_up')),
    address           text        not null,
    code_hmac         bytea       not null,
    attempts          int         not null default 0,
    created_at        timestamptz not null default now(),
    sent_at           timestamptz,
    expires_at        timestamptz not null,
    consumed_at       timestamptz,
    superseded_at     timestamptz
);
create index email_codes_account on email_codes (account_id, created_at desc);
create index email_codes_address on email_codes (lower(address), created_at desc);

-- Server-side gateway sessions; the cookie holds a random token, the table its hash.
create table gateway_sessions (
    token_hash     bytea       primary key,
    account_id     bigint      not null references accounts (id) on delete cascade,
    login_method   text        not null,
    second_factor  text,                       -- factor that authenticated this session, if any
    created_at     timestamptz not null default now(),
    stepped_up_at  timestamptz,
    expires_at     timestamptz not null,
    revoked_at     timestamptz
);
create index gateway_sessions_account on gateway_sessions (account_id);
create index gateway_sessions_expiry on gateway_sessions (expires_at);

-- Second-factor throttling per account, shared by every instance.
create table throttles (
    account_id            bigint      primary key references accounts (id) on delete cascade,
    consecutive_failures  int         not null default 0,
    next_attempt_at       timestamptz,
    locked_at             timestamptz,
    updated_at            timestamptz not null default now()
);

-- Per-IP attempt counts in one-minute windows.
create table ip_throttles (
    ip            text        not null,
    window_start  timestamptz not null,
    attempts      int         not null default 0,
    primary key (ip, window_start)
);

create table campaigns (
    id             bigint      generated always as identity primary key,
    name           text        not null unique check (length(name) between 1 and 200),
    mode           text        not null check (mode in ('nudge', 'require')),
    status         text        not null default 'active' check (status in ('active', 'paused', 'cancelled')),
    audience       jsonb       not null,
    snooze_limit   int         check (snooze_limit >= 0),
    enforce_after  timestamptz,
    notify         text        not null default 'none' check (notify in ('none', 'email')),
    targeted       int         not null default 0,
    created_by     text        not null,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

create table campaign_members (
    campaign_id   bigint      not null references campaigns (id) on delete cascade,
    account_id    bigint      not null references accounts (id) on delete cascade,
    state         text        not null default 'targeted'
                              check (state in ('targeted', 'notified', 'snoozed', 'enrolled', 'exempt')),
    snoozes       int         not null default 0,
    notified_at   timestamptz,
    enrolled_at   timestamptz,
    updated_at    timestamptz not null default now(),
    primary key (campaign_id, account_id)
);
-- the login path looks members up by account
create index campaign_members_account on campaign_members (account_id);
-- the notifier walks members not yet notified
create index campaign_members_to_notify on campaign_members (campaign_id, account_id) where notified_at is null;

-- Carrier lists of disconnected / reassigned numbers.
create table recycled_numbers (
    phone            text        not null check (phone ~ '^\+[1-9][0-9]{1,14}$'),
    disconnected_at  timestamptz not null,
    source           text        not null,
    imported_at      timestamptz not null default now(),
    primary key (phone, disconnected_at)
);

-- One-time enrolment links issued by an admin after checking the person.
create table enrolment_links (
    token_hash  bytea       primary key,
    account_id  bigint      not null references accounts (id) on delete cascade,
    created_by  text        not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz
);

-- "This wasn't me" links in change notifications.
create table change_reports (
    token_hash  bytea       primary key,
    account_id  bigint      not null references accounts (id) on delete cascade,
    factor_id   uuid,
    change      text        not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz
);

-- Append-only audit log.
create table audit_log (
    id        bigint      generated always as identity primary key,
    at        timestamptz not null default now(),
    actor     text        not null,            -- 'user', 'admin:<token name>', 'system'
    user_id   text,
    action    text        not null,
    outcome   text        not null,
    ip        text,
    instance  text,
    detail    jsonb       not null default '{}'
);
create index audit_log_user on audit_log (user_id, id desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_append_only();
