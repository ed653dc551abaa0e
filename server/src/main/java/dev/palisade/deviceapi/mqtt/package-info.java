/**
 * A device's first contact over MQTT: the broker's {@link dev.palisade.broker.BootstrapEnrolment} answered by
 * provisioning's {@link dev.palisade.provisioning.FirstContact}, the same registration path as EST's {@code
 * simpleenroll}. The broker and provisioning do not know each other; this face joins them.
 */
@NullMarked
package dev.palisade.deviceapi.mqtt;

import org.jspecify.annotations.NullMarked;
