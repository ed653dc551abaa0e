package dev.palisade.deviceapi.est;

import org.springframework.http.HttpStatus;

/** An EST request refused with a status and a plain-text reason (RFC 7030 section 4.2.3). */
final class EstException extends RuntimeException {

    private final HttpStatus status;

    EstException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
