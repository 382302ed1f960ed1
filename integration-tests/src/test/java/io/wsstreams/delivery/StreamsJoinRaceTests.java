package io.wsstreams.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.wsstreams.it.JoinRace;
import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.it.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;

import static io.wsstreams.it.StreamsSocketSupport.JETTY;

/**
 * Publishers append to one topic continuously while clients join, read a little, drop
 * and resume from the last id they saw, over and over: every client's ids across all its
 * connections must be exactly the publishers' ids from its first one on.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { JETTY, "ws-streams.limits.max-outbound-queue=32MB", "ws-streams.limits.connections-per-user=64",
				"ws-streams.streams.features.chat.max-count=1000000" })
class StreamsJoinRaceTests extends StreamsSocketSupport {

	private static final String STREAM = "room:race";

	private static final int PUBLISHERS = 4;

	private static final int CLIENTS = 6;

	private static final Duration CLIENT_RUN = Duration.ofSeconds(8);

	@Test
	@Timeout(value = 20, unit = TimeUnit.SECONDS)
	void clientsThatRejoinWithTheLastIdTheySawWhilePublishersRunGetEveryIdOnceInOrder() throws Exception {
		new JoinRace("chat", PUBLISHERS, CLIENTS, CLIENT_RUN, 300).run(
				(publisher, n) -> this.publisher.publish(STREAM, "chat", Map.of("p", publisher, "n", n)).id(),
				(user, since) -> this.sockets.connect(user, STREAM, "chat", since), 2000, CLIENTS * 10);
	}

}
