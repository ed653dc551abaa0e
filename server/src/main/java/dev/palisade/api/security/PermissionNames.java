package dev.palisade.api.security;

import dev.palisade.tenancy.Permission;
import java.util.Locale;

/** Permission names as operators read them in errors and documentation, for example {@code tokens:manage}. */
public final class PermissionNames {

    private PermissionNames() {}

    public static String of(Permission permission) {
        String name = permission.name().toLowerCase(Locale.ROOT);
        int split = name.indexOf('_');
        return name.substring(0, split) + ":" + name.substring(split + 1).replace('_', '-');
    }
}
