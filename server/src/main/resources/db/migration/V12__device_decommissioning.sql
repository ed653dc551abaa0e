-- Decommissioning: who retired a device, when and why, kept on its row. The row itself, its manifest entries, its
-- certificates and its audit records all stay (provenance). A device re-manufactured afterwards (a manifest imported
-- after this time lists it again) comes back through first contact; these columns then keep its last decommissioning.
alter table device
    add column decommissioned_at   timestamptz,
    add column decommissioned_by   text,
    add column decommission_reason text,
    add constraint device_decommissioning_complete check (
        (decommissioned_at is null and decommissioned_by is null and decommission_reason is null)
        or (decommissioned_at is not null and decommissioned_by is not null and decommission_reason is not null));
