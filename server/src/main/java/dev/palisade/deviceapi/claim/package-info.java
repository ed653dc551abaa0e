/**
 * Claiming on the device endpoint: a device that carries only its manufacturer's bootstrap certificate, and that its
 * owner claimed, asks for a nonce and proves that it holds the claim code on its label; its next EST enrolment then
 * registers it.
 */
@NullMarked
package dev.palisade.deviceapi.claim;

import org.jspecify.annotations.NullMarked;
