package dev.palisade.api.web;

import dev.palisade.shared.Page;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A page of a list: its items and, when more follow, the cursor to pass back as {@code cursor} for the next page.
 */
public record PageResponse<T>(List<T> items, @Nullable String nextCursor) {

    public static <S, T> PageResponse<T> of(String list, Page<S> page, Function<S, T> view) {
        return new PageResponse<>(page.items().stream().map(view).toList(), Cursors.encode(list, page.nextAfter()));
    }
}
