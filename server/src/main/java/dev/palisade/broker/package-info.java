/**
 * The MQTT front door: an embedded HiveMQ CE broker with Palisade's extension loaded in-process. One TLS 1.3 listener
 * that requires a client certificate; the extension turns the certificate into a device identity (using only memory:
 * the PKI's trusted CAs and revocation set) and refuses every connection that is not a trusted, unrevoked device
 * certificate whose device id is the MQTT client id.
 */
@NullMarked
package dev.palisade.broker;

import org.jspecify.annotations.NullMarked;
