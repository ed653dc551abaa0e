package dev.palisade.deviceapi.ota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangeRequestTest {

    @Test
    void noHeaderAsksForTheWhole() {
        assertThat(RangeRequest.of(null, 100)).isInstanceOf(RangeRequest.Whole.class);
    }

    @Test
    void closedOpenAndSuffixRanges() {
        assertThat(RangeRequest.of("bytes=0-9", 100)).isEqualTo(new RangeRequest.Part(0, 9));
        assertThat(RangeRequest.of("bytes=90-", 100)).isEqualTo(new RangeRequest.Part(90, 99));
        assertThat(RangeRequest.of("bytes=-10", 100)).isEqualTo(new RangeRequest.Part(90, 99));
        assertThat(RangeRequest.of("bytes=-1000", 100)).isEqualTo(new RangeRequest.Part(0, 99));
        assertThat(RangeRequest.of("bytes=50-5000", 100)).isEqualTo(new RangeRequest.Part(50, 99));
    }

    @Test
    void rangesStartingAtOrBeyondTheEndAreUnsatisfiable() {
        assertThat(RangeRequest.of("bytes=100-", 100)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.of("bytes=-0", 100)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.of("bytes=0-", 0)).isInstanceOf(RangeRequest.Unsatisfiable.class);
    }

    @Test
    void malformedOrMultipleRangesAreIgnored() {
        assertThat(RangeRequest.of("bytes=9-0", 100)).isInstanceOf(RangeRequest.Whole.class);
        assertThat(RangeRequest.of("bytes=0-1,5-6", 100)).isInstanceOf(RangeRequest.Whole.class);
        assertThat(RangeRequest.of("items=0-1", 100)).isInstanceOf(RangeRequest.Whole.class);
        assertThat(RangeRequest.of("bytes=-", 100)).isInstanceOf(RangeRequest.Whole.class);
    }
}
