/** The device-facing ports and the rule that keeps each port's endpoints to itself. */
@NullMarked
package dev.palisade.deviceapi.connectors;

import org.jspecify.annotations.NullMarked;
