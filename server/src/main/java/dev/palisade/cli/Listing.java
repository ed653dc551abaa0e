package dev.palisade.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Paging options of list commands, and the request path they make. */
final class Listing {

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue a previous listing.")
    @Nullable
    String cursor;

    @Option(names = "--limit", paramLabel = "N", description = "At most N items (1-500, default 50).")
    @Nullable
    Integer limit;

    /** {@code path} with the paging parameters and the given filters (null filters are left out). */
    String path(String path, Map<String, @Nullable String> filters) {
        Map<String, @Nullable String> parameters = new LinkedHashMap<>(filters);
        parameters.put("cursor", cursor);
        parameters.put("limit", limit == null ? null : limit.toString());
        var query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.append(query.isEmpty() ? '?' : '&')
                        .append(name)
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return path + query;
    }

    String path(String path) {
        return path(path, Map.of());
    }
}
