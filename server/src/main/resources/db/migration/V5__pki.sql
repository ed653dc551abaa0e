-- PKI: issuing certificate authorities (one active per tenant, more during a rotation), the certificates they
-- issued, the binding of public keys to devices, and the CRLs they published.

create table certificate_authority (
    id            uuid primary key,
    tenant_id     uuid not null references tenant (id),
    generation    integer not null check (generation > 0),
    key_alias     text not null,
    key_algorithm text not null,
    common_name   text not null,
    csr           bytea not null,
    certificate   bytea,
    status        text not null check (status in ('pending', 'active', 'retiring', 'retired', 'revoked')),
    not_after     timestamptz,
    created_at    timestamptz not null,
    activated_at  timestamptz,
    retired_at    timestamptz,
    revoked_at    timestamptz,
    revocation_reason text,
    unique (tenant_id, generation),
    check ((status = 'pending') = (certificate is null))
);
-- At most one authority issues for a tenant at any time.
create unique index certificate_authority_one_active on certificate_authority (tenant_id) where status = 'active';

create table certificate (
    issuer_id         uuid not null references certificate_authority (id),
    serial            text not null check (serial ~ '^[0-9a-f]{1,40}$'),
    tenant_id         uuid not null references tenant (id),
    device_id         text,
    profile           text not null check (profile in ('device', 'bootstrap', 'server', 'ocsp-signer')),
    spki_sha256       bytea not null check (length(spki_sha256) = 32),
    not_before        timestamptz not null,
    not_after         timestamptz not null,
    der               bytea not null,
    issued_at         timestamptz not null,
    revoked_at        timestamptz,
    revocation_reason text,
    primary key (issuer_id, serial),
    foreign key (tenant_id, device_id) references device (tenant_id, id)
);
create index certificate_by_device on certificate (tenant_id, device_id, issued_at);
create index certificate_revoked on certificate (issuer_id, revoked_at) where revoked_at is not null;

-- A public key belongs to one device: the primary key refuses the same key for a second device, in any tenant, even
-- though row-level security hides the other tenant's row.
create table device_key (
    spki_sha256 bytea primary key check (length(spki_sha256) = 32),
    tenant_id   uuid not null references tenant (id),
    device_id   text not null,
    bound_at    timestamptz not null,
    foreign key (tenant_id, device_id) references device (tenant_id, id)
);

create table crl (
    issuer_id   uuid not null references certificate_authority (id),
    tenant_id   uuid not null references tenant (id),
    crl_number  bigint not null,
    delta_base  bigint,
    this_update timestamptz not null,
    next_update timestamptz not null,
    der         bytea not null,
    primary key (issuer_id, crl_number)
);

alter table certificate_authority enable row level security;
alter table certificate_authority force row level security;
-- The authorities are also read across tenants (platform scope) to answer CRL and OCSP requests, which name an
-- authority but no tenant, and to trust every tenant's devices at the TLS layer.
create policy tenant_isolation on certificate_authority
    using (tenant_id = palisade_current_tenant() or palisade_platform_scope())
    with check (tenant_id = palisade_current_tenant());

alter table certificate enable row level security;
alter table certificate force row level security;
create policy tenant_isolation on certificate
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table device_key enable row level security;
alter table device_key force row level security;
create policy tenant_isolation on device_key
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table crl enable row level security;
alter table crl force row level security;
create policy tenant_isolation on crl
    using (tenant_id = palisade_current_tenant() or palisade_platform_scope())
    with check (tenant_id = palisade_current_tenant());

grant select, insert, update on certificate_authority, certificate to ${appRole};
grant select, insert on device_key, crl to ${appRole};
