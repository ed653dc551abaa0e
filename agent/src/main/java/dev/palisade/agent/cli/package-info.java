/** {@code palisade-agent}: the reference agent as a command line for a Linux-class device. */
@NullMarked
package dev.palisade.agent.cli;

import org.jspecify.annotations.NullMarked;
