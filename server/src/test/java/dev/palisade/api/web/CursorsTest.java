package dev.palisade.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.problem.InvalidInputException;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void aCursorCarriesTheSortKeyOfItsList() {
        String cursor = Cursors.encode("audit-records", "41");

        var request = Cursors.numberKeyed("audit-records", cursor, 10);

        assertThat(request.after()).isEqualTo("41");
        assertThat(request.limit()).isEqualTo(10);
        assertThat(cursor).doesNotContain("41").doesNotContain("audit");
    }

    @Test
    void aCursorOfAnotherListIsRefused() {
        String cursor = Cursors.encode("tokens", "01a1ff8d-ef6f-7fd9-8297-6fdd08ffd4e5");

        assertThatThrownBy(() -> Cursors.uuidKeyed("operators", cursor, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("cursor");
                    assertThat(e.code()).isEqualTo("request.invalid-cursor");
                });
    }

    @Test
    void forgedOrMalformedCursorsAreRefused() {
        for (String bad : new String[] {
            "!!!",
            "",
            Cursors.encode("audit-records", "-1"),
            Cursors.encode("audit-records", "1 or 1=1"),
            Cursors.encode("operators", "not-a-uuid"),
            "x".repeat(300)
        }) {
            assertThatThrownBy(() -> {
                        Cursors.numberKeyed("audit-records", bad, null);
                        Cursors.uuidKeyed("operators", bad, null);
                    })
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void limitsOutsideTheRangeAreRefusedByName() {
        assertThat(Cursors.uuidKeyed("operators", null, null).limit()).isEqualTo(Cursors.DEFAULT_LIMIT);
        assertThatThrownBy(() -> Cursors.uuidKeyed("operators", null, 0))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatThrownBy(() -> Cursors.uuidKeyed("operators", null, 501)).isInstanceOf(InvalidInputException.class);
    }
}
