/**
 * PKI: the CA hierarchy (offline root, one name-constrained issuing CA per tenant), certificate profiles, issuance from
 * CSRs, revocation with CRL/delta CRL and OCSP, and the EST server.
 */
@NullMarked
package dev.palisade.pki;

import org.jspecify.annotations.NullMarked;
