/**
 * The device-facing face: the device HTTPS endpoint (TLS 1.3, client certificates) with the EST server (RFC 7030),
 * and the plain-HTTP endpoint that publishes CRLs and answers OCSP for any relying party. Each has its own port;
 * requests reach only the endpoints of the port they came in on.
 */
@NullMarked
package dev.palisade.deviceapi;

import org.jspecify.annotations.NullMarked;
