-- Over-the-air updates, first part: artifacts (content-addressed blobs; the bytes live under the data directory in
-- ota/blobs/sha256/, written and made durable before their row), releases grouping an artifact for a model and
-- hardware revision with a version, an update tier and a security version (anti-rollback counter), and the bytes the
-- device endpoint served to each device.

-- An artifact a tenant uploaded. Identical content is stored once on disk and once per tenant here: a second upload of
-- the same bytes answers with the existing row.
create table ota_artifact (
    tenant_id   uuid not null references tenant (id),
    id          uuid not null,
    name        text not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$'),
    sha256      text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    length      bigint not null check (length >= 0),
    created_at  timestamptz not null,
    created_by  text not null,
    primary key (tenant_id, id),
    unique (tenant_id, sha256)
);

-- A release: what a TUF targets entry will describe (length and sha256 through the artifact, tier, model, hardware
-- revision, security version). Drafts may be created freely; publishing checks the anti-rollback floor again under a
-- lock, so two concurrent publications cannot lower it.
create table ota_release (
    tenant_id          uuid not null references tenant (id),
    id                 uuid not null,
    model              text not null check (model ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    hardware_revision  text not null check (hardware_revision ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    version            text not null check (version ~ '^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$'),
    tier               text not null check (tier in ('bootloader', 'os', 'application', 'config')),
    security_version   bigint not null check (security_version >= 0),
    artifact_id        uuid not null,
    state              text not null check (state in ('draft', 'published', 'withdrawn')),
    created_at         timestamptz not null,
    created_by         text not null,
    published_at       timestamptz,
    published_by       text,
    primary key (tenant_id, id),
    unique (tenant_id, model, hardware_revision, tier, version),
    foreign key (tenant_id, artifact_id) references ota_artifact (tenant_id, id),
    check ((state = 'draft') = (published_at is null))
);
create index ota_release_floor on ota_release (tenant_id, model, hardware_revision, tier, security_version)
    where state = 'published';
create index ota_release_by_artifact on ota_release (tenant_id, artifact_id);

-- Bytes the device endpoint served, per device and artifact: one upsert per download request (not per chunk), so a
-- rollout can later report what each device fetched.
create table ota_device_download (
    tenant_id        uuid not null,
    device_id        text not null,
    sha256           text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    bytes_served     bigint not null check (bytes_served >= 0),
    requests         bigint not null check (requests >= 0),
    first_served_at  timestamptz not null,
    last_served_at   timestamptz not null,
    primary key (tenant_id, device_id, sha256),
    foreign key (tenant_id, device_id) references device (tenant_id, id)
);

alter table ota_artifact enable row level security;
alter table ota_artifact force row level security;
create policy tenant_isolation on ota_artifact
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table ota_release enable row level security;
alter table ota_release force row level security;
create policy tenant_isolation on ota_release
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table ota_device_download enable row level security;
alter table ota_device_download force row level security;
create policy tenant_isolation on ota_device_download
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert on ota_artifact to ${appRole};
grant select, insert, update on ota_release to ${appRole};
grant select, insert, update on ota_device_download to ${appRole};
