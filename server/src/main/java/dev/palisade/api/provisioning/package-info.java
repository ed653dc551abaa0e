/** HTTP endpoints of provisioning: manufacturers, manifests, the recall list and the registration policy. */
@NullMarked
package dev.palisade.api.provisioning;

import org.jspecify.annotations.NullMarked;
