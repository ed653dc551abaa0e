package dev.palisade.protocol.tuf;

/** The four top-level TUF roles, with the {@code _type} and file name each uses. */
public enum RoleType {
    /** Lists the keys of every top-level role. */
    ROOT("root"),
    /** Names the current snapshot; re-signed often with an online key. */
    TIMESTAMP("timestamp"),
    /** Lists the version of every targets metadata file. */
    SNAPSHOT("snapshot"),
    /** Describes target files and delegates to other roles. */
    TARGETS("targets");

    private final String roleName;

    RoleType(String roleName) {
        this.roleName = roleName;
    }

    /** The role's name, which is also its metadata's {@code _type}. */
    public String roleName() {
        return roleName;
    }

    /** The metadata file name without a version prefix, such as {@code timestamp.json}. */
    public String fileName() {
        return roleName + ".json";
    }
}
