-- The TUF repository of each tenant: the keys the server holds for its online roles (their private halves stay in key
-- custody; here only which generation is current), and every version of every metadata file it ever served, so that a
-- client at any old version can follow the chain (N.root.json) and so that what was signed is kept as evidence.

-- One row per tenant whose repository exists (a root was imported). Publishing, key rotation and re-signing lock this
-- row: one writer per tenant, so versions never fork.
create table tuf_repository (
    tenant_id   uuid not null references tenant (id) primary key,
    created_at  timestamptz not null
);

-- The server-held keys: top-level targets, snapshot and timestamp, and one delegated targets role per update tier.
-- A top-level role's new key is 'pending' until a root naming it is imported; a tier key becomes 'active' at once
-- (the top-level targets role re-signs the delegation). 'retired' keys are kept for the record.
create table tuf_key (
    tenant_id   uuid not null references tenant (id),
    role        text not null check (role in ('targets', 'snapshot', 'timestamp', 'bootloader', 'os', 'application',
                                              'config')),
    generation  integer not null check (generation >= 1),
    key_id      text not null check (key_id ~ '^[0-9a-f]{64}$'),
    state       text not null check (state in ('pending', 'active', 'retired')),
    created_at  timestamptz not null,
    primary key (tenant_id, role, generation)
);
create unique index tuf_key_one_active on tuf_key (tenant_id, role) where state = 'active';
create unique index tuf_key_one_pending on tuf_key (tenant_id, role) where state = 'pending';

-- Every metadata version, as the exact bytes served. Never updated: a new version is a new row.
create table tuf_metadata (
    tenant_id   uuid not null references tenant (id),
    role        text not null check (role ~ '^[a-z]{1,32}$'),
    version     bigint not null check (version >= 1),
    bytes       bytea not null,
    expires_at  timestamptz not null,
    created_at  timestamptz not null,
    primary key (tenant_id, role, version)
);

alter table tuf_repository enable row level security;
alter table tuf_repository force row level security;
create policy tenant_isolation on tuf_repository
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table tuf_key enable row level security;
alter table tuf_key force row level security;
create policy tenant_isolation on tuf_key
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table tuf_metadata enable row level security;
alter table tuf_metadata force row level security;
create policy tenant_isolation on tuf_metadata
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert, update on tuf_repository to ${appRole}; -- update: select … for update locks the row
grant select, insert, update on tuf_key to ${appRole};
grant select, insert on tuf_metadata to ${appRole};
