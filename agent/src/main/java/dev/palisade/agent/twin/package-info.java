/**
 * The device's side of its twin: on every connection it asks for the desired state, applies each desired document
 * newer than the one it applied last (older or equal versions are stale or duplicates), hands the state to the
 * application and reports the result with the version applied; the application reports changes of its own too. What
 * was applied and reported is kept in a {@link dev.palisade.agent.twin.TwinStore}, durably in a file where the device
 * has one, so a restart neither applies an old desired state again nor forgets what it reported.
 */
@NullMarked
package dev.palisade.agent.twin;

import org.jspecify.annotations.NullMarked;
