package dev.palisade.api.web;

import dev.palisade.shared.TenantId;
import dev.palisade.shared.Uuids;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.ApiTokenId;
import dev.palisade.tenancy.OperatorId;
import java.util.UUID;

/** Parses identifiers from paths and parameters, refusing malformed ones with the parameter's name. */
public final class PathIds {

    private PathIds() {}

    public static TenantId tenant(String name, String text) {
        return TenantId.of(uuid(name, text));
    }

    public static OperatorId operator(String name, String text) {
        return new OperatorId(uuid(name, text));
    }

    public static ApiTokenId token(String name, String text) {
        return new ApiTokenId(uuid(name, text));
    }

    /** A UUID-shaped id of a feature that has no parser here. */
    public static UUID uuid(String name, String text) {
        try {
            return Uuids.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("request.invalid-parameter", name, name + " must be a UUID");
        }
    }
}
