-- The device registry: one row per device, its id unique within its tenant.

create table device (
    tenant_id  uuid not null references tenant (id),
    id         text not null check (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    state      text not null check (state in ('manufactured', 'provisioned', 'active', 'quarantined', 'decommissioned')),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (tenant_id, id)
);

alter table device enable row level security;
alter table device force row level security;
create policy tenant_isolation on device
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert, update on device to ${appRole};
