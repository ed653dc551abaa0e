/**
 * RFC 8785 JSON Canonicalization Scheme for the values Palisade signs and hashes: objects, arrays, strings, integers,
 * booleans and null. One value has exactly one serialization, so signatures over it survive re-encoding.
 */
@NullMarked
package dev.palisade.protocol.json;

import org.jspecify.annotations.NullMarked;
