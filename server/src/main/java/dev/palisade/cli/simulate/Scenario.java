package dev.palisade.cli.simulate;

import java.util.List;

/**
 * A scenario file, read and checked: a fleet made of groups of devices, and a timeline of steps played in order.
 *
 * @param name names the run's tenant ({@code <name>-<random>}) and its report
 */
public record Scenario(String name, String description, List<DeviceGroup> fleet, List<Step> timeline) {

    public Scenario {
        fleet = List.copyOf(fleet);
        timeline = List.copyOf(timeline);
    }

    public int fleetSize() {
        return fleet.stream().mapToInt(DeviceGroup::count).sum();
    }
}
