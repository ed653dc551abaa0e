package dev.palisade.ota;

import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An uploaded artifact: its bytes are the blob named by {@code sha256} in the store.
 *
 * @param name what the uploader called it (a file name), for people; the content is named by its digest
 * @param createdBy the actor id of the operator who uploaded it first
 */
public record Artifact(
        TenantId tenant, ArtifactId id, String name, Sha256 sha256, long length, Instant createdAt, String createdBy) {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    public Artifact {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an artifact name is 1 to 128 letters, digits or . _ + -");
        }
        if (length < 0) {
            throw new IllegalArgumentException("an artifact's length is not negative");
        }
    }
}
