package io.wsstreams.connection;

import java.time.Duration;

/**
 * The limits and timings every connection shares.
 *
 * @param maxFrameBytes the largest inbound frame accepted; larger ones close with 1009
 * @param maxQueuedBytes the most outbound bytes queued for a connection before it is
 * closed with 4509
 * @param inboundRate the sustained inbound frames per second a connection may send
 * @param inboundBurst the inbound frames a connection may send at once
 * @param heartbeatInterval how often protocol pings are sent
 * @param heartbeatTimeout how long a connection may stay silent before it closes with
 * 4408
 * @param closeTimeout how long a close may wait for a peer that does not read before the
 * socket is dropped
 * @param upgradedSocketBufferBytes on Tomcat, the size of the socket read and write
 * buffers a connection keeps once upgraded, 0 to keep the connector's
 */
public record ConnectionSettings(int maxFrameBytes, long maxQueuedBytes, double inboundRate, int inboundBurst,
		Duration heartbeatInterval, Duration heartbeatTimeout, Duration closeTimeout, int upgradedSocketBufferBytes) {

	/**
	 * Settings that leave the container's socket buffers as they are.
	 * @param maxFrameBytes the largest inbound frame accepted
	 * @param maxQueuedBytes the most outbound bytes queued for a connection
	 * @param inboundRate the sustained inbound frames per second
	 * @param inboundBurst the inbound frames a connection may send at once
	 * @param heartbeatInterval how often protocol pings are sent
	 * @param heartbeatTimeout how long a connection may stay silent
	 * @param closeTimeout how long a close may wait for a peer that does not read
	 */
	public ConnectionSettings(int maxFrameBytes, long maxQueuedBytes, double inboundRate, int inboundBurst,
			Duration heartbeatInterval, Duration heartbeatTimeout, Duration closeTimeout) {
		this(maxFrameBytes, maxQueuedBytes, inboundRate, inboundBurst, heartbeatInterval, heartbeatTimeout,
				closeTimeout, 0);
	}

}
