/**
 * Commands Palisade sends to a device on its command topic ({@code devices/<id>/commands/<name>}): a flat JSON object
 * of strings naming the command, its id and when it was issued.
 */
@NullMarked
package dev.palisade.protocol.command;

import org.jspecify.annotations.NullMarked;
