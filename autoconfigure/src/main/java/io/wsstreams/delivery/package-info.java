/**
 * Delivery strategies: how a feature's publications reach connections and what a
 * connection gets when it joins: live (pub-sub), the log (streams) with history and
 * resume, and built-in presence; and the StreamPublisher behind them.
 */
@NullMarked
package io.wsstreams.delivery;

import io.wsstreams.StreamPublisher;
import org.jspecify.annotations.NullMarked;
