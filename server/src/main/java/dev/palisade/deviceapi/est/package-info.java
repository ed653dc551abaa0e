/** The EST server (RFC 7030): CA certificates, CSR attributes, enrolment and re-enrolment of devices. */
@NullMarked
package dev.palisade.deviceapi.est;

import org.jspecify.annotations.NullMarked;
