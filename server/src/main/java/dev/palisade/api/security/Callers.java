package dev.palisade.api.security;

import dev.palisade.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** Where the authenticated caller of a request is kept between the filter and the handlers. */
public final class Callers {

    private static final String ATTRIBUTE = Callers.class.getName();

    private Callers() {}

    static void set(HttpServletRequest request, Caller caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }

    public static @Nullable Caller of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Caller caller ? caller : null;
    }
}
