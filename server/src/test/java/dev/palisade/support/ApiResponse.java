package dev.palisade.support;

import java.net.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** A response of the operator API: status, headers, parsed JSON body (an empty object when there is none). */
public record ApiResponse(int status, HttpHeaders headers, JsonNode body, String rawBody) {

    public String header(String name) {
        return headers.firstValue(name).orElse("");
    }

    /** The problem {@code code} of an error response. */
    public String code() {
        return body.path("code").asString("");
    }

    public String text(String field) {
        return body.path(field).asString();
    }
}
