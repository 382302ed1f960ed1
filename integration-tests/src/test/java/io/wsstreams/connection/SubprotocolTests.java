package io.wsstreams.connection;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import org.junit.jupiter.api.Test;

/**
 * The {@code ws-streams} subprotocol on Tomcat: a page that offers
 * {@code ws-streams, <token>} gets the marker back and never the token
 * ({@code JettyRoundTripTests} checks the same on Jetty).
 */
@StreamsServerTest
class SubprotocolTests extends SocketTestSupport {

	@Test
	void answersTheTokenSubprotocolWithTheMarkerOnly() {
		assertTokenSubprotocolAnsweredWithMarkerOnly();
	}

}
