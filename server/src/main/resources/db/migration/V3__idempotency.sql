-- Idempotency keys of creating POSTs: the first response is kept so that a retry gets it again
-- instead of creating a second resource. Secrets in responses are stored redacted.

create table idempotency_key (
    tenant_id           uuid not null references tenant (id),
    principal           text not null,
    idempotency_key     text not null,
    request_fingerprint bytea not null,
    response_status     integer not null,
    response_body       text not null,
    created_at          timestamptz not null,
    primary key (tenant_id, principal, idempotency_key)
);
create index idempotency_key_by_age on idempotency_key (tenant_id, created_at);

alter table idempotency_key enable row level security;
alter table idempotency_key force row level security;
create policy tenant_isolation on idempotency_key
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert, delete on idempotency_key to ${appRole};
