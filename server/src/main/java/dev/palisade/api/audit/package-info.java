/** HTTP endpoints of the audit log: records, signed checkpoints, inclusion and consistency proofs. */
@NullMarked
package dev.palisade.api.audit;

import org.jspecify.annotations.NullMarked;
