package dev.palisade.accesspolicy;

import dev.palisade.policy.PolicyDocument;
import java.time.Instant;

/**
 * One version of a tenant's named policy.
 *
 * @param version counts from 1; every change of the document is a new version
 * @param createdBy who saved this version, as the audit log names actors
 */
public record AccessPolicy(String name, int version, PolicyDocument document, Instant createdAt, String createdBy) {}
