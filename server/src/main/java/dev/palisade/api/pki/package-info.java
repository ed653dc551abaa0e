/** HTTP endpoints of the PKI for operators: certificate authorities, device certificates, revocation. */
@NullMarked
package dev.palisade.api.pki;

import org.jspecify.annotations.NullMarked;
