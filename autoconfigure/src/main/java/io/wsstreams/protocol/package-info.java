/**
 * The wire protocol: names, inbound frame parsing, outbound frame encoding, error and
 * close codes.
 */
@NullMarked
package io.wsstreams.protocol;

import org.jspecify.annotations.NullMarked;
