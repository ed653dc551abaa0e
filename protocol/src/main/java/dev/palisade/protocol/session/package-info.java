/** Signals about a device's MQTT session that the broker gives beside MQTT's reason codes. */
@NullMarked
package dev.palisade.protocol.session;

import org.jspecify.annotations.NullMarked;
