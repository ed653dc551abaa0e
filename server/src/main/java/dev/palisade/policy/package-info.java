/**
 * MQTT authorization as a pure function: the policy feature owns policy documents (JSON statements that allow or deny
 * {@code connect}, {@code publish}, {@code subscribe}, {@code receive} and {@code retain} on topic or client-id
 * patterns), their strict parsing and lint, the variables that bind a document to one device ({@code ${device.id}},
 * groups, attributes, certificate serial), and their compilation into an immutable {@link
 * dev.palisade.policy.CompiledPolicy} that answers a session's decisions without allocating. It does no I/O, keeps no
 * state between calls and depends on no other Palisade feature: callers fetch documents and devices, the broker asks.
 * The rules are described for operators in docs/policies.md.
 */
@NullMarked
package dev.palisade.policy;

import org.jspecify.annotations.NullMarked;
