package dev.palisade.tenancy;

import dev.palisade.shared.TenantId;
import java.time.Instant;

/**
 * A tenant: an organisation whose devices, keys, policies and audit log are isolated from every other tenant's.
 *
 * @param slug short unique name used in CLIs and URLs, for example {@code acme-meters}
 * @param platform true for the one tenant whose administrators manage the others
 */
public record Tenant(TenantId id, String slug, String displayName, boolean platform, Instant createdAt) {}
