package dev.palisade.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void theExtraRowOfAnOverfetchOnlySaysThatAnotherPageExists() {
        Page<Integer> page = Page.fromOverfetch(List.of(1, 2, 3), 2, String::valueOf);

        assertThat(page.items()).containsExactly(1, 2);
        assertThat(page.nextAfter()).isEqualTo("2");
    }

    @Test
    void theLastPageHasNoContinuation() {
        assertThat(Page.fromOverfetch(List.of(1, 2), 2, String::valueOf).nextAfter())
                .isNull();
    }

    @Test
    void limitsAreBounded() {
        assertThatThrownBy(() -> PageRequest.first(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageRequest.first(PageRequest.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
