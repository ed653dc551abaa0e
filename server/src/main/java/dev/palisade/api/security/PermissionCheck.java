package dev.palisade.api.security;

import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces the permission matrix before a handler runs, so a refused request never reaches a feature and never
 * learns whether the thing it named exists.
 */
@Component
public class PermissionCheck implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !request.getRequestURI().startsWith("/api/v1/")) {
            return true;
        }
        RequiresPermission required = method.getMethodAnnotation(RequiresPermission.class);
        if (required == null) {
            if (PublicEndpoint.isPublic(method)) {
                return true;
            }
            throw new ForbiddenException("auth.forbidden", "this endpoint declares no permission");
        }
        Caller caller = Callers.of(request);
        if (caller == null || !caller.can(required.value())) {
            throw new ForbiddenException(
                    "auth.forbidden", "your role does not grant " + PermissionNames.of(required.value()));
        }
        return true;
    }
}
