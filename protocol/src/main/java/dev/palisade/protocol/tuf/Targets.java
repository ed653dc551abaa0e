package dev.palisade.protocol.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Targets metadata, top-level or delegated: the target files the role vouches for and the roles it delegates to.
 *
 * @param specVersion the {@code spec_version}
 * @param version the version, at least 1
 * @param expires when it stops being trusted
 * @param targets target path to its description
 * @param delegations the roles this one delegates to, if any
 */
public record Targets(
        String specVersion,
        long version,
        Instant expires,
        Map<String, TargetFile> targets,
        Optional<Delegations> delegations)
        implements RoleMetadata {

    /** Refuses an invalid header and target entries filed under another path. */
    public Targets {
        Header.validate(specVersion, version, expires);
        targets = Map.copyOf(targets);
        targets.forEach((path, target) -> {
            if (!path.equals(target.path())) {
                throw new IllegalArgumentException("target " + target.path() + " is listed as " + path);
            }
        });
    }

    @Override
    public RoleType type() {
        return RoleType.TARGETS;
    }

    static Targets fromJson(Fields signed) {
        Header header = Header.fromJson(signed, RoleType.TARGETS);
        Fields targetObjects = signed.fields("targets");
        Map<String, TargetFile> targets = new LinkedHashMap<>();
        for (String path : targetObjects.json().keySet()) {
            targets.put(path, TargetFile.fromJson(path, targetObjects.fields(path)));
        }
        Optional<Delegations> delegations = signed.has("delegations")
                ? Optional.of(Delegations.fromJson(signed.fields("delegations")))
                : Optional.empty();
        return new Targets(header.specVersion(), header.version(), header.expires(), targets, delegations);
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = Header.toJson(this);
        Map<String, Object> targetObjects = new LinkedHashMap<>();
        targets.forEach((path, target) -> targetObjects.put(path, target.toJson()));
        json.put("targets", targetObjects);
        delegations.ifPresent(d -> json.put("delegations", d.toJson()));
        return json;
    }
}
