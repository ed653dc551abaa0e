package dev.palisade.shared;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** One page of results and the sort key to continue after, or null when this is the last page. */
public record Page<T>(List<T> items, @Nullable String nextAfter) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only tells whether another page
     * exists.
     */
    public static <T> Page<T> fromOverfetch(List<T> rows, int limit, Function<T, String> sortKey) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, sortKey.apply(items.getLast()));
    }
}
