package dev.palisade.agent.ota;

import dev.palisade.protocol.tuf.RepositoryFetcher;

/** The device endpoint's OTA side: TUF metadata by file name and target bytes by content address. */
public interface OtaRepository extends RepositoryFetcher, BlobSource {}
