-- A tenant may require a recent passing attestation verdict before a device re-enrols (EST simplereenroll): a
-- device whose software can no longer be shown to be good gets no new certificate. Null: not required.
alter table attestation_setting add column reenrol_requires_pass_secs bigint
    check (reenrol_requires_pass_secs is null or reenrol_requires_pass_secs between 60 and 31622400);
