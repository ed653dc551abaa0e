/** Cross-cutting HTTP concerns of the operator API: request ids, body limits, JSON strictness, problem details. */
@NullMarked
package dev.palisade.api.web;

import org.jspecify.annotations.NullMarked;
