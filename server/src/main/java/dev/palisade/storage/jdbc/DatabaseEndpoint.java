package dev.palisade.storage.jdbc;

import dev.palisade.storage.DatabaseCredentials;

/**
 * The PostgreSQL that Palisade uses and the two roles it connects as: the schema owner for migrations and the runtime
 * role for everything else.
 */
record DatabaseEndpoint(String jdbcUrl, DatabaseCredentials runtime, DatabaseCredentials owner) {}
