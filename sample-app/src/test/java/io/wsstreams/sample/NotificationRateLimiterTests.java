package io.wsstreams.sample;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationRateLimiterTests {

	private final AtomicLong now = new AtomicLong(42);

	private final NotificationRateLimiter limiter = new NotificationRateLimiter(10, Duration.ofSeconds(1),
			this.now::get);

	@Test
	void acceptsTenWithinASecondAndRefusesTheEleventhUntilTheFirstIsASecondOld() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.tryAcquire("alice")).isZero();
			advance(Duration.ofMillis(50));
		}

		assertThat(this.limiter.tryAcquire("alice")).isEqualTo(Duration.ofMillis(500));
		advance(Duration.ofMillis(499));
		assertThat(this.limiter.tryAcquire("alice")).isEqualTo(Duration.ofMillis(1));
		advance(Duration.ofMillis(1));
		assertThat(this.limiter.tryAcquire("alice")).isZero();
		assertThat(this.limiter.tryAcquire("alice")).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void refusedPostsDoNotCount() {
		for (int i = 0; i < 10; i++) {
			this.limiter.tryAcquire("alice");
		}
		for (int i = 0; i < 100; i++) {
			assertThat(this.limiter.tryAcquire("alice")).isPositive();
		}

		advance(Duration.ofSeconds(1));

		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.tryAcquire("alice")).isZero();
		}
	}

	@Test
	void countsEachUserApart() {
		for (int i = 0; i < 10; i++) {
			this.limiter.tryAcquire("alice");
		}

		assertThat(this.limiter.tryAcquire("alice")).isPositive();
		assertThat(this.limiter.tryAcquire("bob")).isZero();
	}

	@Test
	void dropsUsersWhoHaveNotPostedForAWindow() {
		for (int i = 0; i < 1000; i++) {
			this.limiter.tryAcquire("user-" + i);
		}
		assertThat(this.limiter.size()).isEqualTo(1000);

		advance(Duration.ofMillis(500));
		this.limiter.tryAcquire("alice");
		advance(Duration.ofMillis(600));
		this.limiter.tryAcquire("bob");

		assertThat(this.limiter.size()).isEqualTo(2);
		advance(Duration.ofSeconds(2));
		this.limiter.tryAcquire("carol");
		assertThat(this.limiter.size()).isEqualTo(1);
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
