/**
 * The command line, {@code palisade}: runs the server ({@code serve}, {@code demo}), talks to a running server's API
 * ({@code tenant}, {@code operator}, {@code token}, {@code whoami}), and works offline on an installation's data
 * ({@code audit verify}). Commands write to the streams picocli gives them; nothing else in Palisade prints.
 */
@NullMarked
package dev.palisade.cli;

import org.jspecify.annotations.NullMarked;
