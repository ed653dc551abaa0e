-- Bytes served per rollout: each device's row of a rollout counts the bytes the device endpoint served it of the
-- rollout's image (the release's, or the rollback release's), whole or as a delta towards it. Summed per ring for the
-- rollout's view; the per-device, per-content count stays in ota_device_download.
alter table ota_rollout_device
    add column bytes_served bigint not null default 0 check (bytes_served >= 0);
