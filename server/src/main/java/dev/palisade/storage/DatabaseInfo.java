package dev.palisade.storage;

/**
 * Where the database is, for status output: no credentials, only the kind and the address.
 *
 * @param embedded whether Palisade runs this PostgreSQL itself
 * @param location {@code 127.0.0.1:PORT} for the embedded server, the JDBC URL without parameters otherwise
 * @param schemaVersion the applied migration version
 */
public record DatabaseInfo(boolean embedded, String location, String schemaVersion) {}
