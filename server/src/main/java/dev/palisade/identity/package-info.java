/**
 * The device registry: every device is its own identity, named by a {@link dev.palisade.identity.DeviceId} unique
 * within its tenant, with a lifecycle state (manufactured, provisioned, active, quarantined, decommissioned).
 */
@NullMarked
package dev.palisade.identity;

import org.jspecify.annotations.NullMarked;
