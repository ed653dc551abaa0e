-- Tamper-evident audit: one append-only Merkle log per tenant (RFC 9162 hashing).
--
-- audit_record holds the leaves, audit_node every complete perfect subtree (level 0 = leaf
-- hashes), audit_checkpoint the signed tree heads, audit_tree_head the frontier that the next
-- append extends; locking that row serialises appends of one tenant. The runtime role may
-- insert and read records, nodes and checkpoints but never update or delete them.

create table audit_tree_head (
    tenant_id uuid primary key references tenant (id),
    tree_size bigint not null check (tree_size >= 0),
    frontier  bytea not null
);

create table audit_record (
    tenant_id   uuid not null references tenant (id),
    leaf_index  bigint not null check (leaf_index >= 0),
    recorded_at timestamptz not null,
    actor_kind  text not null,
    actor_id    text not null,
    actor_name  text not null,
    action      text not null,
    target      text not null,
    request_id  text not null,
    outcome     text not null,
    details     text not null,
    primary key (tenant_id, leaf_index)
);

create table audit_node (
    tenant_id  uuid not null references tenant (id),
    level      smallint not null check (level between 0 and 63),
    node_index bigint not null check (node_index >= 0),
    hash       bytea not null check (length(hash) = 32),
    primary key (tenant_id, level, node_index)
);

create table audit_checkpoint (
    tenant_id uuid not null references tenant (id),
    tree_size bigint not null check (tree_size > 0),
    root_hash bytea not null check (length(root_hash) = 32),
    signed_at timestamptz not null,
    note      text not null,
    primary key (tenant_id, tree_size)
);

alter table audit_tree_head enable row level security;
alter table audit_tree_head force row level security;
create policy tenant_isolation on audit_tree_head
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table audit_record enable row level security;
alter table audit_record force row level security;
create policy tenant_isolation on audit_record
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table audit_node enable row level security;
alter table audit_node force row level security;
create policy tenant_isolation on audit_node
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table audit_checkpoint enable row level security;
alter table audit_checkpoint force row level security;
create policy tenant_isolation on audit_checkpoint
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert, update on audit_tree_head to ${appRole};
grant select, insert on audit_record, audit_node, audit_checkpoint to ${appRole};
