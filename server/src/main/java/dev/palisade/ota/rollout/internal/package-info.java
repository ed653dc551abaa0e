/** Persistence of rollouts, their rings and per-device assignments. */
@NullMarked
package dev.palisade.ota.rollout.internal;

import org.jspecify.annotations.NullMarked;
