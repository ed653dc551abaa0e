-- A tenant's registration policy may require a passing attestation verdict before a device registers at its first
-- contact: how recent (60 s to a day) and at which assurance at least. Null: not required.
alter table provisioning_policy
    add column attestation_within_secs bigint
        check (attestation_within_secs is null or attestation_within_secs between 60 and 86400),
    add column attestation_assurance text not null default 'tpm-quote'
        check (attestation_assurance in ('tpm-quote', 'signed-boot-log'));
