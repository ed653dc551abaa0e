/**
 * The OTA documents a device and Palisade exchange over MQTT: the update directive the server sends on {@code
 * devices/<id>/ota/update} and the status the device reports on {@code devices/<id>/ota/status}, with the target names
 * ({@code <tier>/<model>/<hardwareRevision>/<version>}) both sides agree on. A directive only says what to fetch: the
 * device installs nothing that its TUF metadata does not list for its own tier, model and hardware revision.
 */
@NullMarked
package dev.palisade.protocol.ota;

import org.jspecify.annotations.NullMarked;
