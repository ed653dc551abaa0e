package dev.palisade.shared;

import org.jspecify.annotations.Nullable;

/**
 * A keyset page request: at most {@code limit} items that sort after {@code after} (the sort key of the last item of
 * the previous page, or null for the first page). Keyset paging stays correct while rows are being inserted.
 */
public record PageRequest(int limit, @Nullable String after) {

    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }
}
