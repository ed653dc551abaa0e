package dev.palisade.cli.simulate;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.sim.FleetSimulator;
import dev.palisade.agent.sim.SimulatedDevice;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What the steps of one run share: the fleet, its devices, the operator, and which devices earlier steps used. */
final class Run {

    final Scenario scenario;
    final FleetSimulator fleet;
    final FleetWatch watch;
    final FleetOperator operator;
    /** Every device of the scenario, in the order of the fleet (group by group). */
    final Map<String, SimulatedDevice> devices = new LinkedHashMap<>();

    private final Map<String, String> groupOf = new LinkedHashMap<>();
    private final Set<String> enrolledGroups = new HashSet<>();
    private final Set<String> picked = new HashSet<>();
    private final PrintWriter out;

    Run(Scenario scenario, FleetSimulator fleet, FleetWatch watch, FleetOperator operator, PrintWriter out) {
        this.scenario = scenario;
        this.fleet = fleet;
        this.watch = watch;
        this.operator = operator;
        this.out = out;
    }

    void add(String group, SimulatedDevice device) {
        devices.put(device.id(), device);
        groupOf.put(device.id(), group);
    }

    /** The devices of {@code group}, or of every group not enrolled yet, marked enrolled. */
    List<SimulatedDevice> toEnrol(@Nullable String group) {
        List<SimulatedDevice> chosen = new ArrayList<>();
        for (SimulatedDevice device : devices.values()) {
            String of = groupOf.get(device.id());
            if (group == null ? !enrolledGroups.contains(of) : group.equals(of)) {
                chosen.add(device);
            }
        }
        if (group == null) {
            enrolledGroups.addAll(groupOf.values());
        } else {
            enrolledGroups.add(group);
        }
        return chosen;
    }

    /** The devices of {@code group} (every group if null) connected now, in fleet order. */
    List<String> connected(@Nullable String group) {
        return devices.keySet().stream()
                .filter(id -> group == null || group.equals(groupOf.get(id)))
                .filter(id ->
                        fleet.agent(id).map(DeviceAgent::state).orElse(AgentState.STOPPED) == AgentState.CONNECTED)
                .toList();
    }

    /**
     * The devices of {@code group} (every group if null) with a session that is not over for good: connected, or
     * between two connections (backing off after the broker ended a session); not refused, revoked or stopped.
     */
    List<String> active(@Nullable String group) {
        return devices.keySet().stream()
                .filter(id -> group == null || group.equals(groupOf.get(id)))
                .filter(id -> {
                    AgentState state = fleet.agent(id).map(DeviceAgent::state).orElse(AgentState.STOPPED);
                    return state == AgentState.CONNECTED || state == AgentState.BACKING_OFF;
                })
                .toList();
    }

    /** Up to {@code pick.devices()} connected devices that no earlier step picked, in fleet order, now picked. */
    List<String> pick(Step.Pick pick) {
        List<String> chosen = connected(pick.group()).stream()
                .filter(id -> !picked.contains(id))
                .limit(pick.devices())
                .toList();
        picked.addAll(chosen);
        return chosen;
    }

    /** Another device than {@code id}: the next one of the fleet, so that each victim differs from its attacker. */
    String neighbourOf(String id) {
        List<String> ids = List.copyOf(devices.keySet());
        return ids.get((ids.indexOf(id) + 1) % ids.size());
    }

    /** Prints a line of the run's output, indented under its step. */
    void say(String format, Object... arguments) {
        synchronized (out) {
            out.println("   " + String.format(Locale.ROOT, format, arguments));
            out.flush();
        }
    }
}
