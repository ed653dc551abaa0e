/** HTTP endpoints of tenants' access policies: documents, versions, attachments and lint. */
@NullMarked
package dev.palisade.api.accesspolicy;

import org.jspecify.annotations.NullMarked;
