/** HTTP endpoints of the MQTT broker: the session registry, per-device traffic, and disconnecting a device. */
@NullMarked
package dev.palisade.api.broker;

import org.jspecify.annotations.NullMarked;
