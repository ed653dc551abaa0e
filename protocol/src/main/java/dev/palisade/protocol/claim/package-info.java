/**
 * Claiming, as the device and Palisade both see it: how a claim code printed on a device's label is written down
 * (separators and case do not count), and the bytes a device signs with its bootstrap key to prove, against a nonce
 * of the server's, that it holds the code its owner registered.
 */
@NullMarked
package dev.palisade.protocol.claim;

import org.jspecify.annotations.NullMarked;
