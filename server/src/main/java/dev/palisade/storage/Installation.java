package dev.palisade.storage;

import java.util.UUID;

/**
 * The identity of this Palisade installation, created with its database. It names the installation's audit logs and
 * signing keys, so that a checkpoint from one installation is never mistaken for another's.
 */
public record Installation(UUID id) {}
