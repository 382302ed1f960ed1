package io.wsstreams.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemorySessionRepository}.
 */
class InMemorySessionRepositoryTests {

	private final List<Object> events = new ArrayList<>();

	private final InMemorySessionRepository repository = new InMemorySessionRepository(this.events::add,
			Duration.ofMinutes(30));

	@Test
	void touchRefreshesTheLastAccessTimeOfALiveSession() {
		MapSession session = save(Instant.now().minus(Duration.ofMinutes(10)));
		assertThat(this.repository.touch(session.getId())).isTrue();
		assertThat(this.repository.findById(session.getId()).getLastAccessedTime())
			.isAfter(Instant.now().minusSeconds(5));
	}

	@Test
	void touchDoesNotReviveAnExpiredSession() {
		MapSession session = save(Instant.now().minus(Duration.ofHours(1)));
		assertThat(this.repository.touch(session.getId())).isFalse();
		assertThat(this.repository.findById(session.getId())).isNull();
		assertThat(this.events).singleElement().isInstanceOf(SessionExpiredEvent.class);
	}

	@Test
	void touchReportsAMissingSession() {
		assertThat(this.repository.touch("missing")).isFalse();
	}

	@Test
	void announcesDeletedAndPurgedSessions() {
		MapSession deleted = save(Instant.now());
		save(Instant.now().minus(Duration.ofHours(1)));
		this.repository.deleteById(deleted.getId());
		this.repository.purgeExpired();
		assertThat(this.events).hasSize(2);
		assertThat(this.events.get(0)).isInstanceOf(SessionDeletedEvent.class);
		assertThat(this.events.get(1)).isInstanceOf(SessionExpiredEvent.class);
		assertThat(this.repository.size()).isZero();
	}

	private MapSession save(Instant lastAccessed) {
		MapSession session = this.repository.createSession();
		session.setLastAccessedTime(lastAccessed);
		this.repository.save(session);
		return session;
	}

}
