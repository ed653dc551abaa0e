/**
 * Palisade: a self-hosted security control plane for IoT fleets. Each sub-package is one feature (see the module map
 * in docs/architecture.md); dependencies point down the map's layers and never into another feature's internals.
 */
@NullMarked
package dev.palisade;

import org.jspecify.annotations.NullMarked;
