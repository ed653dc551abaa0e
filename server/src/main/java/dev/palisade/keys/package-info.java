/**
 * Key custody: every signing key Palisade uses sits behind {@link dev.palisade.keys.KeyCustody}, which creates keys
 * inside its store and signs with them without ever handing out private key material. Back ends: an encrypted PKCS#12
 * keystore (the embedded default), and a PKCS#11 token (an HSM, or SoftHSM2) through the JDK's SunPKCS11 provider,
 * which holds every key but the Ed25519 audit checkpoint key; that one stays in the keystore because the provider
 * does not support Ed25519. {@link dev.palisade.keys.KeyCustodies} opens what {@link dev.palisade.keys.KeysSettings}
 * chooses.
 */
@NullMarked
package dev.palisade.keys;

import org.jspecify.annotations.NullMarked;
