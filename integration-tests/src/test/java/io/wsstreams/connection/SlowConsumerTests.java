package io.wsstreams.connection;

import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TightLimits;

/**
 * {@link SlowConsumerScenario} on Tomcat, where frames go out through ws-streams' own
 * writes to the upgraded socket.
 */
@StreamsServerTest
@TightLimits
class SlowConsumerTests extends SlowConsumerScenario {

}
