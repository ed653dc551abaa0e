/**
 * The device's side of over-the-air updates under {@code /device/v1/ota/}: content-addressed, resumable downloads of
 * published artifacts over the device HTTPS endpoint, the device named by its TLS client certificate.
 */
@NullMarked
package dev.palisade.deviceapi.ota;

import org.jspecify.annotations.NullMarked;
