package dev.palisade.protocol.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The members every {@code signed} object has: {@code _type}, {@code spec_version}, {@code version}, {@code expires}. */
record Header(String specVersion, long version, Instant expires) {

    static void validate(String specVersion, long version, Instant expires) {
        SpecVersion.require(specVersion);
        SpecVersion.requireVersion(version, "a metadata version");
        Expiry.requireWholeSeconds(expires);
    }

    static Header fromJson(Fields signed, RoleType expected) {
        String type = signed.string("_type");
        if (!type.equals(expected.roleName())) {
            throw new TufException(
                    RefusalReason.WRONG_TYPE, "expected " + expected.roleName() + " metadata, got _type " + type);
        }
        String specVersion = signed.string("spec_version");
        if (!SpecVersion.isSupported(specVersion)) {
            throw new TufException(
                    RefusalReason.UNSUPPORTED_SPEC_VERSION, "spec_version " + specVersion + " is not TUF 1.x");
        }
        long version = signed.integer("version");
        if (version < 1) {
            throw Fields.malformed(signed.where() + ".version is below 1");
        }
        return new Header(specVersion, version, Expiry.parse(signed.string("expires"), signed.where() + ".expires"));
    }

    static Map<String, Object> toJson(RoleMetadata role) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_type", role.type().roleName());
        json.put("spec_version", role.specVersion());
        json.put("version", role.version());
        json.put("expires", Expiry.format(role.expires()));
        return json;
    }
}
