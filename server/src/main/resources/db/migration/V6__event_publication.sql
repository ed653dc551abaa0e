-- The transactional outbox of domain events (Spring Modulith's event publication registry, schema v2). An event is
-- stored in the transaction that publishes it and marked complete when its listener has run, so a crash between the
-- two re-delivers it at the next start instead of losing it. Infrastructure, not tenant data: the registry reads and
-- completes publications of every tenant, so the table has no row-level security; no API exposes it.

create table event_publication (
    id                     uuid not null,
    listener_id            text not null,
    event_type             text not null,
    serialized_event       text not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    integer,
    last_resubmission_date timestamptz,
    primary key (id)
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);

grant select, insert, update, delete on event_publication to ${appRole};
