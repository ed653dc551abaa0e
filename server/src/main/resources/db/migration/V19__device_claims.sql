-- Claiming: the other way into a tenant besides a manufacturer's manifest. An owner claims a device that carries a
-- bootstrap certificate from a manufacturer CA registered with the tenant (bought at retail, say) with the claim code
-- printed on its label; the device proves it holds the code against a nonce of the server's, and its next first
-- contact registers it and consumes the claim in the same transaction.
--
-- The code is never stored: only a PBKDF2-HMAC-SHA256 hash with a salt of its own and the iteration count used.
-- state is what the claim became; an open or proven claim whose expires_at has passed reads as expired.

create table device_claim (
    tenant_id               uuid not null references tenant (id),
    id                      uuid not null,
    manufacturer_id         uuid not null,
    serial                  text not null check (serial ~ '^[\x21-\x7e]{1,128}$'),
    device_id               text not null check (device_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    model                   text check (model is null or model ~ '^[\x20-\x7e]{1,128}$'),
    code_salt               bytea not null check (length(code_salt) = 16),
    code_hash               bytea not null check (length(code_hash) = 32),
    code_iterations         integer not null check (code_iterations >= 10000),
    state                   text not null check (state in ('open', 'proven', 'used', 'cancelled', 'locked', 'expired')),
    failed_attempts         integer not null default 0 check (failed_attempts >= 0),
    created_at              timestamptz not null,
    created_by              text not null,
    expires_at              timestamptz not null,
    proven_at               timestamptz,
    proven_bootstrap_sha256 bytea check (length(proven_bootstrap_sha256) = 32),
    ended_at                timestamptz,
    ended_by                text,
    used_by_request         text,
    primary key (tenant_id, id),
    foreign key (tenant_id, manufacturer_id) references manufacturer (tenant_id, id),
    check (expires_at > created_at),
    check (state not in ('proven', 'used') or (proven_at is not null and proven_bootstrap_sha256 is not null))
);
-- At most one claim in play (open or proven) per device id, and per device as its bootstrap certificate names it.
create unique index device_claim_live_device on device_claim (tenant_id, device_id) where state in ('open', 'proven');
create unique index device_claim_live_serial on device_claim (tenant_id, manufacturer_id, serial)
    where state in ('open', 'proven');
create index device_claim_by_serial on device_claim (tenant_id, manufacturer_id, serial, created_at);
create index device_claim_by_bootstrap on device_claim (tenant_id, proven_bootstrap_sha256)
    where proven_bootstrap_sha256 is not null;

-- Nonces a device asked for to prove a claim: bound to the claim (so to its tenant) and to the bootstrap certificate
-- that asked, single use, short-lived. Only their SHA-256 is kept. Held in the database rather than in one node's
-- memory because a claim is proven once in a device's life, perhaps through another node than the one that issued
-- the nonce, and because a test or an operator can then see (and age) them.
create table device_claim_nonce (
    tenant_id        uuid not null references tenant (id),
    nonce_sha256     bytea not null check (length(nonce_sha256) = 32),
    claim_id         uuid not null,
    bootstrap_sha256 bytea not null check (length(bootstrap_sha256) = 32),
    issued_at        timestamptz not null,
    expires_at       timestamptz not null,
    used_at          timestamptz,
    primary key (tenant_id, nonce_sha256),
    foreign key (tenant_id, claim_id) references device_claim (tenant_id, id)
);
create index device_claim_nonce_by_claim on device_claim_nonce (tenant_id, claim_id, expires_at);

alter table device_claim enable row level security;
alter table device_claim force row level security;
create policy tenant_isolation on device_claim
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table device_claim_nonce enable row level security;
alter table device_claim_nonce force row level security;
create policy tenant_isolation on device_claim_nonce
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert, update on device_claim to ${appRole};
grant select, insert, update, delete on device_claim_nonce to ${appRole};
