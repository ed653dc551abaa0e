package dev.palisade.accesspolicy;

import java.time.Instant;

/**
 * One entry of a policy's history.
 *
 * @param deleted whether this version deleted the policy (it has no document)
 */
public record PolicyVersion(int version, boolean deleted, Instant createdAt, String createdBy) {}
