package dev.palisade.support;

import dev.palisade.api.security.RequiresPermission;
import dev.palisade.tenancy.Permission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every endpoint of the operator API as registered with Spring MVC, so suites cover new endpoints by themselves. */
public final class Endpoints {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)}");

    private Endpoints() {}

    /** One method on one path, and the permission its handler declares (null for public handlers). */
    public record Endpoint(
            String method, String pattern, @Nullable Permission permission) {

        /** The path with each variable replaced; fails for a variable the caller did not supply. */
        public String path(Map<String, String> values) {
            Matcher matcher = VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (matcher.find()) {
                String value = values.get(matcher.group(1));
                if (value == null) {
                    throw new IllegalStateException("no test value for path variable {" + matcher.group(1) + "} of "
                            + this + "; add one to the suite");
                }
                matcher.appendReplacement(path, value);
            }
            matcher.appendTail(path);
            return path.toString();
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    public static List<Endpoint> of(RequestMappingHandlerMapping mapping) {
        List<Endpoint> endpoints = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (isSpringdoc(handler)) {
                return;
            }
            RequiresPermission required = handler.getMethodAnnotation(RequiresPermission.class);
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/v1/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    endpoints.add(new Endpoint(method.name(), pattern, required == null ? null : required.value()));
                }
            }
        });
        endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return endpoints;
    }

    private static boolean isSpringdoc(HandlerMethod handler) {
        return handler.getBeanType().getName().startsWith("org.springdoc.");
    }
}
