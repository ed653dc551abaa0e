/**
 * The device's side of secure OTA: directed updates (the server names a release over MQTT) that the device installs
 * only when its TUF metadata, rooted in an offline key it already trusts, lists the target for the device's own tier,
 * model and hardware revision at or above its anti-rollback floor; resumable, length-bounded downloads over the device
 * endpoint with its client certificate; A/B slots with a trial boot, a mark-good deadline and rollback; and state kept
 * on disk so that a restart in the middle of an update finishes or undoes it.
 */
@NullMarked
package dev.palisade.agent.ota;

import org.jspecify.annotations.NullMarked;
