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
 */
public record ConnectionSettings(int maxFrameBytes, long maxQueuedBytes, double inboundRate, int inboundBurst,
		Duration heartbeatInterval, Duration heartbeatTimeout, Duration closeTimeout) {

}
