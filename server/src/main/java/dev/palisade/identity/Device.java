package dev.palisade.identity;

import dev.palisade.shared.TenantId;
import java.time.Instant;

/** A registered device. */
public record Device(TenantId tenant, DeviceId id, DeviceState state, Instant createdAt, Instant updatedAt) {}
