/** The Prometheus scrape endpoint of the operator API. */
@NullMarked
package dev.palisade.api.metrics;

import org.jspecify.annotations.NullMarked;
