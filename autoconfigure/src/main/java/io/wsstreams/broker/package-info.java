/**
 * The extension points that carry publications, logs and presence between nodes:
 * MessageBroker, StreamLog and PresenceStore with their values. In memory by default
 * (broker.memory).
 */
@NullMarked
package io.wsstreams.broker;

import org.jspecify.annotations.NullMarked;
