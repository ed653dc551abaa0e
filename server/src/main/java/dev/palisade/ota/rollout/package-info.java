/**
 * Rollouts: one published release sent to a snapshot of target devices (a group, narrowed by attributes, always
 * matching the release's model and hardware revision) in rings, canary first. Each ring is dispatched to connected
 * devices inside their maintenance window, judged on the devices' own reports ({@code devices/<id>/ota/status}) and on
 * {@link dev.palisade.ota.rollout.RolloutHealthCheck}s, baked, and optionally approved by a second operator before the
 * next one starts. A breach pauses, aborts or rolls the ring back to the previous release, never below the
 * anti-rollback floor. All state is in the database; {@link dev.palisade.ota.rollout.RolloutEngine} advances it in
 * passes that claim rollouts with {@code for update skip locked}, so a restart or a second node changes nothing.
 */
@NullMarked
@NamedInterface("rollout")
package dev.palisade.ota.rollout;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
