package io.wsstreams.broker;

import java.time.Instant;
import java.util.List;

/**
 * The nodes that share a networked broker, as each last reported itself. Only a broker
 * that many nodes share provides one.
 */
public interface ClusterNodes {

	/**
	 * The nodes that reported recently, this one included, ordered by id.
	 * @return the nodes
	 */
	List<Node> nodes();

	/**
	 * A node as it last reported itself.
	 *
	 * @param id the node's id
	 * @param connections its open connections then
	 * @param lastSeen when it reported
	 */
	record Node(String id, int connections, Instant lastSeen) {
	}

}
