-- A tenant may cap a device certificate's lifetime by the device's attestation: its notAfter is no later than the
-- device's latest passing verdict plus this many seconds. Null: certificates live their profile's lifetime.
alter table attestation_setting
    add column certificate_lifetime_from_pass_secs bigint
        check (certificate_lifetime_from_pass_secs is null
            or certificate_lifetime_from_pass_secs between 3600 and 31622400);
