-- Zero-touch provisioning: manufacturers registered with a tenant (the key that signs their manifests, the CAs that
-- issue their devices' bootstrap certificates), the entries of their signed manufacturing manifests, the tenant's
-- recall list and its registration policy. A manifest entry stays pending until the device's first contact, which
-- consumes it in the same transaction that registers the device and records its first certificate.

create table manufacturer (
    tenant_id   uuid not null references tenant (id),
    id          uuid not null,
    name        text not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    signing_key bytea not null,
    created_at  timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, name)
);

-- A manufacturer's bootstrap CA certificates, trusted for first-contact enrolment only.
create table manufacturer_ca (
    tenant_id       uuid not null references tenant (id),
    manufacturer_id uuid not null,
    sha256          bytea not null check (length(sha256) = 32),
    der             bytea not null,
    created_at      timestamptz not null,
    primary key (tenant_id, sha256),
    foreign key (tenant_id, manufacturer_id) references manufacturer (tenant_id, id)
);

create table manifest (
    tenant_id       uuid not null references tenant (id),
    id              uuid not null,
    manufacturer_id uuid not null,
    content_sha256  bytea not null check (length(content_sha256) = 32),
    entry_count     integer not null check (entry_count > 0),
    imported_at     timestamptz not null,
    imported_by     text not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, manufacturer_id) references manufacturer (tenant_id, id)
);

-- One manufactured device. used_at is set when the device's first contact registers it: an entry is used once.
create table manifest_entry (
    tenant_id          uuid not null references tenant (id),
    id                 uuid not null,
    manifest_id        uuid not null,
    manufacturer_id    uuid not null,
    device_id          text not null check (device_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    serial             text,
    bootstrap_sha256   bytea check (length(bootstrap_sha256) = 32),
    ek_sha256          bytea check (length(ek_sha256) = 32),
    model              text not null,
    hardware_revision  text not null,
    firmware_version   text,
    used_at            timestamptz,
    used_by_request    text,
    primary key (tenant_id, id),
    foreign key (tenant_id, manifest_id) references manifest (tenant_id, id),
    check (bootstrap_sha256 is not null or ek_sha256 is not null)
);
-- A bootstrap certificate is listed once; a device has at most one entry waiting for its first contact.
create unique index manifest_entry_bootstrap on manifest_entry (tenant_id, bootstrap_sha256)
    where bootstrap_sha256 is not null;
create unique index manifest_entry_unused_device on manifest_entry (tenant_id, device_id) where used_at is null;
create index manifest_entry_by_device on manifest_entry (tenant_id, device_id);

create table device_recall (
    tenant_id  uuid not null references tenant (id),
    kind       text not null check (kind in ('device', 'serial')),
    value      text not null check (length(value) between 1 and 128),
    reason     text not null,
    created_at timestamptz not null,
    primary key (tenant_id, kind, value)
);

create table provisioning_policy (
    tenant_id      uuid primary key references tenant (id),
    firmware_floor text,
    model_floors   jsonb not null default '{}' check (jsonb_typeof(model_floors) = 'object'),
    webhook_url    text,
    updated_at     timestamptz not null
);

alter table manufacturer enable row level security;
alter table manufacturer force row level security;
create policy tenant_isolation on manufacturer
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table manufacturer_ca enable row level security;
alter table manufacturer_ca force row level security;
create policy tenant_isolation on manufacturer_ca
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table manifest enable row level security;
alter table manifest force row level security;
create policy tenant_isolation on manifest
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table manifest_entry enable row level security;
alter table manifest_entry force row level security;
create policy tenant_isolation on manifest_entry
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table device_recall enable row level security;
alter table device_recall force row level security;
create policy tenant_isolation on device_recall
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table provisioning_policy enable row level security;
alter table provisioning_policy force row level security;
create policy tenant_isolation on provisioning_policy
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert on manufacturer, manufacturer_ca, manifest to ${appRole};
grant select, insert, update on manifest_entry, provisioning_policy to ${appRole};
grant select, insert, delete on device_recall to ${appRole};
