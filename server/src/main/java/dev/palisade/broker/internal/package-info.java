/** The broker's configuration files, its TLS stores, and the HiveMQ extension. */
@NullMarked
package dev.palisade.broker.internal;

import org.jspecify.annotations.NullMarked;
