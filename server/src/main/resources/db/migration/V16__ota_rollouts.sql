-- Over-the-air updates, third part: rollouts. A rollout sends one published release to a snapshot of target devices
-- in rings (canary first), bakes each ring, may wait for a second operator between rings, and stops on its own when a
-- ring breaches its criteria (pause, abort, or roll the ring back to the previous release). Everything the scheduler
-- needs to resume lives in these rows: a restart changes nothing.

create table ota_rollout (
    tenant_id               uuid not null references tenant (id),
    id                      uuid not null,
    release_id              uuid not null,
    target_group            text,
    target_attributes       jsonb not null,
    bake_seconds            bigint not null check (bake_seconds >= 0),
    approval_between_rings  boolean not null,
    window_start            time,
    window_end              time,
    max_failure_ratio       double precision not null check (max_failure_ratio >= 0 and max_failure_ratio <= 1),
    install_timeout_seconds bigint not null check (install_timeout_seconds > 0),
    mark_good_seconds       bigint not null check (mark_good_seconds > 0),
    on_breach               text not null check (on_breach in ('pause', 'abort', 'rollback')),
    state                   text not null check (state in ('running', 'awaiting-approval', 'paused', 'rolling-back',
                                                           'rolled-back', 'completed', 'aborted')),
    paused_from             text,
    current_ring            int not null check (current_ring >= 0),
    reason                  text,
    rollback_release_id     uuid,
    created_at              timestamptz not null,
    created_by              text not null,
    created_by_name         text not null,
    updated_at              timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, release_id) references ota_release (tenant_id, id),
    foreign key (tenant_id, rollback_release_id) references ota_release (tenant_id, id),
    check ((window_start is null) = (window_end is null))
);
-- what the scheduler claims on every pass
create index ota_rollout_active on ota_rollout (tenant_id, id) where state in ('running', 'rolling-back');

create table ota_rollout_ring (
    tenant_id          uuid not null,
    rollout_id         uuid not null,
    ring               int not null check (ring >= 0),
    percent            int not null check (percent between 1 and 100),
    devices            int not null check (devices >= 0),
    started_at         timestamptz,
    settled_at         timestamptz,
    accepted_failures  int not null default 0,
    approved_by        text,
    approved_at        timestamptz,
    primary key (tenant_id, rollout_id, ring),
    foreign key (tenant_id, rollout_id) references ota_rollout (tenant_id, id)
);

-- One row per target device: which ring it is in, what it is directed to install now (the rollout's release, or the
-- previous one after a rollback), and what it last reported.
create table ota_rollout_device (
    tenant_id      uuid not null,
    rollout_id     uuid not null,
    device_id      text not null,
    ring           int not null,
    release_id     uuid not null,
    time_zone      text not null,
    state          text not null check (state in ('pending', 'dispatched', 'downloading', 'downloaded', 'installing',
                                                  'trial', 'good', 'rolled-back', 'refused', 'failed', 'timed-out',
                                                  'cancelled')),
    reason         text,
    dispatched_at  timestamptz,
    updated_at     timestamptz not null,
    primary key (tenant_id, rollout_id, device_id),
    foreign key (tenant_id, rollout_id, ring) references ota_rollout_ring (tenant_id, rollout_id, ring),
    foreign key (tenant_id, device_id) references device (tenant_id, id)
);
create index ota_rollout_device_ring on ota_rollout_device (tenant_id, rollout_id, ring, state);
-- a device's status report names its rollout; this finds the rollouts of a device that reports without one
create index ota_rollout_device_by_device on ota_rollout_device (tenant_id, device_id);

alter table ota_rollout enable row level security;
alter table ota_rollout force row level security;
create policy tenant_isolation on ota_rollout
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table ota_rollout_ring enable row level security;
alter table ota_rollout_ring force row level security;
create policy tenant_isolation on ota_rollout_ring
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

alter table ota_rollout_device enable row level security;
alter table ota_rollout_device force row level security;
create policy tenant_isolation on ota_rollout_device
    using (tenant_id = palisade_current_tenant()) with check (tenant_id = palisade_current_tenant());

grant select, insert, update on ota_rollout to ${appRole};
grant select, insert, update on ota_rollout_ring to ${appRole};
grant select, insert, update on ota_rollout_device to ${appRole};
