/**
 * The device twin's documents as they travel over MQTT: the desired state the server publishes on {@code
 * devices/<id>/twin/desired}, each with a version that only grows; the reported state a device publishes on {@code
 * devices/<id>/twin/reported}, naming the desired version it applied; and the request a device publishes on {@code
 * devices/<id>/twin/get}, answered on {@code devices/<id>/twin/get/response} with the current desired state, so that a
 * device that was offline catches up. States are small JSON objects (at most {@value TwinState#MAX_BYTES} bytes as
 * canonical JSON); every document is parsed strictly.
 */
@NullMarked
package dev.palisade.protocol.twin;

import org.jspecify.annotations.NullMarked;
