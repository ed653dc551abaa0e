/**
 * The device's side of the TUF repository under {@code /device/v1/tuf/}: the metadata of the device's own tenant, and
 * the consistent-snapshot target paths, which serve the same content-addressed artifact downloads as {@code
 * /device/v1/ota/blobs/sha256/}. The device is named by its TLS client certificate.
 */
@NullMarked
package dev.palisade.deviceapi.tuf;

import org.jspecify.annotations.NullMarked;
