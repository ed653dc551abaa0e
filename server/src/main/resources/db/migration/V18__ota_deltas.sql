-- OTA binary deltas: zstd patch-from encodings of one artifact (the "to") against another (the "from", used as the
-- dictionary), for releases of the same model, hardware revision and tier. The delta's bytes are a blob in the
-- content-addressed store, written (and checked to reproduce the "to" artifact's SHA-256) before this row. A row
-- without a delta records that the delta was not smaller than the full image: devices download the image instead.
create table ota_delta (
    tenant_id          uuid not null references tenant (id),
    from_artifact_id   uuid not null,
    to_artifact_id     uuid not null,
    from_sha256        text not null check (from_sha256 ~ '^[0-9a-f]{64}$'),
    to_sha256          text not null check (to_sha256 ~ '^[0-9a-f]{64}$'),
    delta_sha256       text check (delta_sha256 ~ '^[0-9a-f]{64}$'),
    delta_length       bigint check (delta_length >= 0),
    level              int not null,
    window_log         int not null,
    generation_millis  bigint not null check (generation_millis >= 0),
    created_at         timestamptz not null,
    created_by         text not null,
    primary key (tenant_id, from_artifact_id, to_artifact_id),
    unique (tenant_id, from_sha256, to_sha256),
    foreign key (tenant_id, from_artifact_id) references ota_artifact (tenant_id, id),
    foreign key (tenant_id, to_artifact_id) references ota_artifact (tenant_id, id),
    check (from_artifact_id <> to_artifact_id),
    check ((delta_sha256 is null) = (delta_length is null))
);

alter table ota_delta enable row level security;
alter table ota_delta force row level security;
create policy tenant_isolation on ota_delta
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert on ota_delta to ${appRole};
