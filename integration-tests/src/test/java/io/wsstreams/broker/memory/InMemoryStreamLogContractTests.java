package io.wsstreams.broker.memory;

import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.StreamLogContractTests;

/**
 * The stream log contract, against the in-memory log.
 */
class InMemoryStreamLogContractTests extends StreamLogContractTests {

	private final InMemoryStreamLog log = new InMemoryStreamLog(Long.MAX_VALUE);

	InMemoryStreamLogContractTests() {
		this.log.start(ignoring());
	}

	@Override
	protected StreamLog log() {
		return this.log;
	}

}
