package dev.palisade.provisioning;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A manifest whose signature verified and whose entries were stored, waiting for their devices. */
public record ImportedManifest(
        UUID id, String manufacturer, byte[] contentSha256, List<ManifestEntry> entries, Instant importedAt) {

    public ImportedManifest {
        entries = List.copyOf(entries);
    }
}
