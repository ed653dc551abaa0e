/**
 * Key custody: every signing key Palisade uses sits behind {@link dev.palisade.keys.KeyCustody}, which creates keys
 * inside its store and signs with them without ever handing out private key material. Back ends: an encrypted PKCS#12
 * keystore (the embedded default); PKCS#11 tokens join with the PKI feature.
 */
@NullMarked
package dev.palisade.keys;

import org.jspecify.annotations.NullMarked;
