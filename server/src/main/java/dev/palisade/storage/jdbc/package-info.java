/** Wiring of the database: the embedded or external PostgreSQL, schema migrations, the runtime connection pool. */
@NullMarked
package dev.palisade.storage.jdbc;

import org.jspecify.annotations.NullMarked;
