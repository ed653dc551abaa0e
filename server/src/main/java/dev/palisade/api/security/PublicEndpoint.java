package dev.palisade.api.security;

import org.springframework.web.method.HandlerMethod;

/** Handlers that need no token: only the OpenAPI document, which springdoc serves. */
final class PublicEndpoint {

    private PublicEndpoint() {}

    static boolean isPublic(HandlerMethod method) {
        return method.getBeanType().getName().startsWith("org.springdoc.");
    }
}
