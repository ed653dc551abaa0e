package dev.palisade.api;

import dev.palisade.api.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;

/** What every HTTP face needs to know about a request, whichever port it came in on. */
public final class Requests {

    private Requests() {}

    /** The request's id: the client's X-Request-Id when sane, a fresh one otherwise. */
    public static String id(HttpServletRequest request) {
        return RequestIds.of(request);
    }
}
