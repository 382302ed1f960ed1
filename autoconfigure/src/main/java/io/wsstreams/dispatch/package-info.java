/**
 * Dispatch: inbound frames to feature handler methods, with payload conversion,
 * validation, authorization and replies.
 */
@NullMarked
package io.wsstreams.dispatch;

import org.jspecify.annotations.NullMarked;
