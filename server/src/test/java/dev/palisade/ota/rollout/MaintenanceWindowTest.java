package dev.palisade.ota.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final MaintenanceWindow night = window("02:00", "05:00");
    private final MaintenanceWindow overMidnight = window("22:00", "04:00");

    @Test
    void includesItsStartAndExcludesItsEnd() {
        assertThat(night.contains(utc("2026-01-15T02:00:00Z"), ZoneOffset.UTC)).isTrue();
        assertThat(night.contains(utc("2026-01-15T04:59:59Z"), ZoneOffset.UTC)).isTrue();

        assertThat(night.contains(utc("2026-01-15T05:00:00Z"), ZoneOffset.UTC)).isFalse();
        assertThat(night.contains(utc("2026-01-15T01:59:59Z"), ZoneOffset.UTC)).isFalse();
        assertThat(night.contains(utc("2026-01-15T12:00:00Z"), ZoneOffset.UTC)).isFalse();
    }

    @Test
    void windowWhoseEndIsBeforeItsStartRunsOverMidnight() {
        assertThat(overMidnight.contains(utc("2026-01-15T22:00:00Z"), ZoneOffset.UTC))
                .isTrue();
        assertThat(overMidnight.contains(utc("2026-01-15T23:59:59Z"), ZoneOffset.UTC))
                .isTrue();
        assertThat(overMidnight.contains(utc("2026-01-16T00:00:00Z"), ZoneOffset.UTC))
                .isTrue();
        assertThat(overMidnight.contains(utc("2026-01-16T03:59:59Z"), ZoneOffset.UTC))
                .isTrue();

        assertThat(overMidnight.contains(utc("2026-01-16T04:00:00Z"), ZoneOffset.UTC))
                .isFalse();
        assertThat(overMidnight.contains(utc("2026-01-16T12:00:00Z"), ZoneOffset.UTC))
                .isFalse();
        assertThat(overMidnight.contains(utc("2026-01-16T21:59:59Z"), ZoneOffset.UTC))
                .isFalse();
    }

    @Test
    void sameInstantIsInsideOrOutsideDependingOnWhereTheDeviceLives() {
        Instant instant = utc("2026-01-15T01:30:00Z"); // 02:30 in Berlin (CET), 20:30 the day before in New York

        assertThat(night.contains(instant, BERLIN)).isTrue();
        assertThat(night.contains(instant, ZoneOffset.UTC)).isFalse();
        assertThat(night.contains(instant, NEW_YORK)).isFalse();
        assertThat(overMidnight.contains(utc("2026-01-15T04:00:00Z"), NEW_YORK)).isTrue(); // 23:00 EST
        assertThat(overMidnight.contains(utc("2026-01-15T04:00:00Z"), ZoneOffset.UTC))
                .isFalse();
        assertThat(night.contains(utc("2026-01-15T08:00:00Z"), NEW_YORK)).isTrue(); // 03:00 EST
    }

    @Test
    void followsTheDevicesSummerTime() {
        // Berlin is UTC+1 in winter and UTC+2 in summer: 03:30 UTC is 04:30 in January, 05:30 in July
        assertThat(night.contains(utc("2026-01-15T03:30:00Z"), BERLIN)).isTrue();

        assertThat(night.contains(utc("2026-07-15T03:30:00Z"), BERLIN)).isFalse();
    }

    @Test
    void nightOfTheSpringForwardStillHasAWindow() {
        // on 29 March 2026 Berlin's clocks jump from 02:00 to 03:00: 02:xx local never happens, 03:xx does
        assertThat(night.contains(utc("2026-03-29T01:00:00Z"), BERLIN))
                .as("03:00 CEST")
                .isTrue();
        assertThat(night.contains(utc("2026-03-29T00:59:59Z"), BERLIN))
                .as("01:59:59 CET")
                .isFalse();
    }

    @Test
    void deviceWithoutAKnownTimeZoneIsTakenToLiveInUtc() {
        assertThat(MaintenanceWindow.zoneOf("Europe/Berlin")).isEqualTo(BERLIN);

        assertThat(MaintenanceWindow.zoneOf("UTC")).isEqualTo(ZoneId.of("UTC"));
        assertThat(MaintenanceWindow.zoneOf("Mars/Olympus_Mons")).isEqualTo(ZoneOffset.UTC);
        assertThat(MaintenanceWindow.zoneOf("")).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void refusesAWindowThatStartsWhenItEnds() {
        assertThatThrownBy(() -> window("03:00", "03:00")).isInstanceOf(IllegalArgumentException.class);
    }

    private static MaintenanceWindow window(String start, String end) {
        return new MaintenanceWindow(LocalTime.parse(start), LocalTime.parse(end));
    }

    private static Instant utc(String instant) {
        return Instant.parse(instant);
    }
}
