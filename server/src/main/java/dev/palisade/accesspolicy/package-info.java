/**
 * Tenants' access policies: named, versioned {@link dev.palisade.policy.PolicyDocument policy documents} and their
 * attachments to device groups and devices. The policy engine decides; this feature keeps what it decides from, and
 * announces every change ({@link dev.palisade.accesspolicy.AccessPoliciesChanged}) so that live sessions follow.
 */
@NullMarked
package dev.palisade.accesspolicy;

import org.jspecify.annotations.NullMarked;
