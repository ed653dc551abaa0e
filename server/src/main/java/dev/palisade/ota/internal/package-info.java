/** The OTA feature's persistence: SQL of artifacts, releases and download accounting, and the blob files on disk. */
@NullMarked
package dev.palisade.ota.internal;

import org.jspecify.annotations.NullMarked;
