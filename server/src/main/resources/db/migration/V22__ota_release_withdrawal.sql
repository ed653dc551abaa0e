-- Withdrawing a published release: devices are no longer served it, its TUF target is removed and re-signed, and the
-- rollouts of it stop. Who withdrew it, when and why are kept with the release; its security version still counts
-- towards the anti-rollback floor, so a withdrawal never lets an older release back in.
alter table ota_release
    add column withdrawn_at      timestamptz,
    add column withdrawn_by      text,
    add column withdrawal_reason text check (length(withdrawal_reason) <= 512),
    add constraint ota_release_withdrawn_when check ((state = 'withdrawn') = (withdrawn_at is not null));
