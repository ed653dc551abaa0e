package dev.palisade.api.security;

import dev.palisade.tenancy.Permission;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an endpoint requires. Every handler of the operator API carries one; a handler without it is refused
 * for everybody, so a forgotten annotation fails closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresPermission {

    Permission value();
}
