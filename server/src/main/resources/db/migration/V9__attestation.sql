-- Remote attestation: the endorsement key expected of each device, the attestation key bound to it by credential
-- activation, reference values per model and firmware release, tenants' attestation settings, and the verdicts.
-- Nonces and pending credential challenges live in the server's memory only (short-lived, single-use).

-- The endorsement key an operator or a manufacturing manifest says the device's TPM holds: SHA-256 of its DER
-- SubjectPublicKeyInfo. A device without one cannot bind an attestation key.
create table attestation_endorsement (
    tenant_id   uuid not null,
    device_id   text not null,
    ek_sha256   bytea not null check (length(ek_sha256) = 32),
    updated_at  timestamptz not null,
    primary key (tenant_id, device_id),
    foreign key (tenant_id, device_id) references device (tenant_id, id)
);

-- The attestation key bound to the device after it proved, by activating a credential, that the key lives in the TPM
-- holding the expected endorsement key. Binding again replaces it.
create table attestation_key (
    tenant_id   uuid not null,
    device_id   text not null,
    ak_public   bytea not null,
    ak_name     bytea not null,
    ek_sha256   bytea not null check (length(ek_sha256) = 32),
    bound_at    timestamptz not null,
    primary key (tenant_id, device_id),
    foreign key (tenant_id, device_id) references device (tenant_id, id)
);

-- Golden values of one firmware release of one model: PCR values per bank and index, and boot log measurement digests.
-- Every release stored for a model is accepted, so that a rollout (old and new firmware at once) raises no failures.
create table attestation_reference (
    tenant_id    uuid not null references tenant (id),
    model        text not null check (model ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    release      text not null check (release ~ '^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$'),
    pcrs         jsonb not null default '{}' check (jsonb_typeof(pcrs) = 'object'),
    measurements jsonb not null default '{}' check (jsonb_typeof(measurements) = 'object'),
    created_at   timestamptz not null,
    created_by   text not null,
    primary key (tenant_id, model, release)
);

-- A tenant's attestation settings; a tenant without a row has the defaults (no periodic re-attestation, no
-- quarantine on a failed quote, boot logs accepted).
create table attestation_setting (
    tenant_id                uuid primary key references tenant (id),
    reattest_interval_secs   bigint check (reattest_interval_secs is null or reattest_interval_secs >= 60),
    quarantine_on_failure    boolean not null,
    accept_boot_logs         boolean not null,
    updated_at               timestamptz not null
);

create table attestation_verdict (
    tenant_id    uuid not null,
    id           uuid not null,
    device_id    text not null,
    verified_at  timestamptz not null,
    passed       boolean not null,
    reason       text not null,
    assurance    text not null check (assurance in ('tpm-quote', 'signed-boot-log', 'none')),
    verifier     text not null check (verifier in ('tpm-quote', 'signed-boot-log', 'schedule')),
    release      text,
    detail       text not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, device_id) references device (tenant_id, id)
);
create index attestation_verdict_by_device on attestation_verdict (tenant_id, device_id, verified_at desc);

alter table attestation_endorsement enable row level security;
alter table attestation_endorsement force row level security;
create policy tenant_isolation on attestation_endorsement
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table attestation_key enable row level security;
alter table attestation_key force row level security;
create policy tenant_isolation on attestation_key
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table attestation_reference enable row level security;
alter table attestation_reference force row level security;
create policy tenant_isolation on attestation_reference
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table attestation_setting enable row level security;
alter table attestation_setting force row level security;
create policy tenant_isolation on attestation_setting
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table attestation_verdict enable row level security;
alter table attestation_verdict force row level security;
create policy tenant_isolation on attestation_verdict
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert, update on attestation_endorsement to ${appRole};
grant select, insert, update on attestation_key to ${appRole};
grant select, insert, update, delete on attestation_reference to ${appRole};
grant select, insert, update on attestation_setting to ${appRole};
grant select, insert on attestation_verdict to ${appRole};
