/** The device endpoint's TLS: its server certificate from Palisade's own PKI, and client-certificate trust. */
@NullMarked
package dev.palisade.deviceapi.tls;

import org.jspecify.annotations.NullMarked;
