-- Tenants' access policy documents and where they are attached. Every change of a document is a new version, kept:
-- the broker applies the newest, and an operator can see and restore what applied before. A version without a
-- document records the policy's deletion.

create table access_policy (
    tenant_id  uuid    not null references tenant (id),
    name       text    not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    version    integer not null check (version > 0),
    document   text,
    created_at timestamptz not null,
    created_by text    not null,
    primary key (tenant_id, name, version)
);

-- A policy applies to the devices it is attached to directly and to the members of the groups it is attached to.
create table access_policy_attachment (
    tenant_id   uuid not null references tenant (id),
    policy_name text not null,
    target_kind text not null check (target_kind in ('group', 'device')),
    target      text not null check (target ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    created_at  timestamptz not null,
    primary key (tenant_id, policy_name, target_kind, target)
);

alter table access_policy enable row level security;
alter table access_policy force row level security;
create policy tenant_isolation on access_policy
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table access_policy_attachment enable row level security;
alter table access_policy_attachment force row level security;
create policy tenant_isolation on access_policy_attachment
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert on access_policy to ${appRole};
grant select, insert, delete on access_policy_attachment to ${appRole};
