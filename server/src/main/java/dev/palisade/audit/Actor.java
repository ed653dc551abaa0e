package dev.palisade.audit;

/**
 * Who made a change: an operator (through a token), Palisade itself (start-up, schedules), a person with local
 * access to the installation (break-glass commands), or a device acting for itself (enrolment).
 *
 * @param kind what sort of actor
 * @param id stable identifier (operator id, job name)
 * @param name human-readable name at the time of the change
 */
public record Actor(ActorKind kind, String id, String name) {

    public Actor {
        AuditText.require("actor.id", id, 200);
        AuditText.require("actor.name", name, 200);
    }

    public static Actor system(String job) {
        return new Actor(ActorKind.SYSTEM, job, "palisade " + job);
    }

    public enum ActorKind {
        OPERATOR,
        SYSTEM,
        LOCAL,
        DEVICE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static ActorKind fromWireName(String name) {
            for (ActorKind kind : values()) {
                if (kind.wireName().equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown actor kind: " + name);
        }
    }
}
