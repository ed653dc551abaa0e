package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.problem.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceLabelsTest {

    @Test
    void groupsAreSortedAndDeduplicated() {
        var labels = DeviceLabels.parse(List.of("south", "meters", "south"), Map.of("site", "north-7"));

        assertThat(labels.groups()).containsExactly("meters", "south");
        assertThat(labels.attributes()).containsEntry("site", "north-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "#", "a/b", "$SYS", "-leading", "with space"})
    void groupNamesThatAreNotPlainAreRefused(String group) {
        assertThatThrownBy(() -> DeviceLabels.parse(List.of("ok", group), null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("groups[1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a+b", "#", "line\nbreak"})
    void attributeValuesWithTopicCharactersAreRefused(String value) {
        assertThatThrownBy(() -> DeviceLabels.parse(null, Map.of("site", value)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("attributes.site"));
    }

    @Test
    void nullGroupsAndTooManyLabelsAreRefused() {
        var withNull = new ArrayList<String>();
        withNull.add(null);
        var many = new HashMap<String, String>();
        for (int i = 0; i <= DeviceLabels.MAX_ATTRIBUTES; i++) {
            many.put("a" + i, "v");
        }

        assertThatThrownBy(() -> DeviceLabels.parse(withNull, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DeviceLabels.parse(null, many)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DeviceLabels.parse(Collections.nCopies(DeviceLabels.MAX_GROUPS + 1, "g"), null))
                .isInstanceOf(InvalidInputException.class);
    }
}
