/** CRLs and the OCSP responder over plain HTTP, for any relying party (RFC 5280, RFC 6960). */
@NullMarked
package dev.palisade.deviceapi.revocation;

import org.jspecify.annotations.NullMarked;
