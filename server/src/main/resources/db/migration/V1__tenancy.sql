-- Tenancy: tenants, operators and API tokens, isolated per tenant by row-level security.
--
-- The runtime role sees a tenant's rows only inside a transaction that names the tenant in the
-- transaction-local setting palisade.tenant_id (see TenantTransactions). Row-level security is
-- forced, so it binds the tables' owner as well; only superusers and BYPASSRLS roles escape it,
-- and Palisade refuses to run as one.

create function palisade_current_tenant() returns uuid
    language sql stable
    as $$ select nullif(current_setting('palisade.tenant_id', true), '')::uuid $$;

create function palisade_platform_scope() returns boolean
    language sql stable
    as $$ select coalesce(current_setting('palisade.platform', true), '') = 'on' $$;

-- One row: the identity of this installation, used to name its audit logs and signing keys.
create table installation (
    singleton  boolean primary key default true check (singleton),
    id         uuid not null,
    created_at timestamptz not null
);
insert into installation (id, created_at) values (gen_random_uuid(), now());

create table tenant (
    id           uuid primary key,
    slug         text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    display_name text not null check (length(display_name) between 1 and 200),
    platform     boolean not null default false,
    created_at   timestamptz not null
);
-- Exactly one tenant may manage the others.
create unique index tenant_single_platform on tenant (platform) where platform;

create table operator (
    id          uuid primary key,
    tenant_id   uuid not null references tenant (id),
    name        text not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$'),
    role        text not null,
    created_at  timestamptz not null,
    disabled_at timestamptz,
    unique (tenant_id, name)
);

create table api_token (
    id          uuid primary key,
    tenant_id   uuid not null references tenant (id),
    operator_id uuid not null references operator (id),
    name        text not null check (length(name) between 1 and 100),
    role        text not null,
    secret_hash bytea not null check (length(secret_hash) = 32),
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    revoked_at  timestamptz
);
create index api_token_by_operator on api_token (tenant_id, operator_id, id);

alter table tenant enable row level security;
alter table tenant force row level security;
create policy tenant_visible on tenant
    using (id = palisade_current_tenant() or palisade_platform_scope())
    with check (id = palisade_current_tenant() or palisade_platform_scope());

alter table operator enable row level security;
alter table operator force row level security;
create policy tenant_isolation on operator
    using (tenant_id = palisade_current_tenant())
    with check (tenant_id = palisade_current_tenant());

alter table api_token enable row level security;
alter table api_token force row level security;
create policy tenant_isolation on api_token
    using (tenant_id = palisade_current_tenant())
    with check (tenant_id = palisade_current_tenant());

grant select on installation to ${appRole};
grant select, insert, update on tenant, operator, api_token to ${appRole};
