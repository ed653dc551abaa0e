/** The operator API's TLS identity: a configured certificate, or one generated on first start. */
@NullMarked
package dev.palisade.api.tls;

import org.jspecify.annotations.NullMarked;
