package dev.palisade.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class Uuid7Test {

    @Test
    void idsAreVersionSevenAndSortInTimeOrder() {
        List<UUID> ids = new ArrayList<>();
        for (int millis = 0; millis < 50; millis++) {
            ids.add(Uuid7.next(Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L + millis), ZoneOffset.UTC)));
        }

        assertThat(ids).allMatch(id -> id.version() == 7 && id.variant() == 2);
        assertThat(ids).isSorted();
        assertThat(ids.getFirst().getMostSignificantBits() >>> 16).isEqualTo(1_800_000_000_000L);
    }

    @Test
    void strictParsingRefusesShortenedForms() {
        assertThat(Uuids.parse("01a1ff8d-ef6f-7fd9-8297-6FDD08FFD4E5").toString())
                .isEqualTo("01a1ff8d-ef6f-7fd9-8297-6fdd08ffd4e5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Uuids.parse("1-2-3-4-5"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
