package io.wsstreams.connection;

import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.InboundFrame;

/**
 * Takes a connection's parsed frames to its features' handlers, and tells features when a
 * connection joined or left them. The endpoint calls it; the dispatch layer above
 * implements it.
 */
public interface FrameDispatcher {

	/**
	 * Dispatches a parsed frame of a connection, on the thread that read it.
	 * @param connection the connection
	 * @param frame the frame
	 * @param bytes the frame's size, for the feature's counters
	 */
	void dispatch(StreamConnection connection, InboundFrame frame, int bytes);

	/**
	 * Runs a feature's join or leave callbacks for a connection.
	 * @param connection the connection
	 * @param feature the feature
	 * @param join {@code true} once the connection joined, {@code false} once it left
	 */
	void notify(StreamConnection connection, FeatureDefinition feature, boolean join);

}
