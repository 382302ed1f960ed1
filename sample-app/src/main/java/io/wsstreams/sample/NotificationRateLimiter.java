package io.wsstreams.sample;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Limits how many notifications each user may post: at most {@code limit} in any window
 * of the given length, counted per user across all of the user's sessions.
 *
 * <p>Each user who posted recently has the times of their last {@code limit} posts; a
 * post is accepted when fewer than {@code limit} of them fall within the window. Users
 * whose last post is older than the window are dropped at most once per window, so the
 * memory held is bounded by the users who posted recently.
 */
final class NotificationRateLimiter {

	private final int limit;

	private final long windowNanos;

	private final LongSupplier nanoTime;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	private final AtomicLong lastSweep;

	/**
	 * Creates a limiter.
	 * @param limit the most posts accepted within one window
	 * @param window the window
	 * @param nanoTime the monotonic clock, such as {@code System::nanoTime}
	 */
	NotificationRateLimiter(int limit, Duration window, LongSupplier nanoTime) {
		if (limit < 1 || window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("limit and window must be positive");
		}
		this.limit = limit;
		this.windowNanos = window.toNanos();
		this.nanoTime = nanoTime;
		this.lastSweep = new AtomicLong(nanoTime.getAsLong());
	}

	/**
	 * Counts a post by a user, if it is within the limit.
	 * @param user the user id
	 * @return {@link Duration#ZERO} when the post is accepted (and counted), otherwise how
	 * long until the user may post again
	 */
	Duration tryAcquire(String user) {
		long now = this.nanoTime.getAsLong();
		sweep(now);
		long[] wait = new long[1];
		this.windows.compute(user, (key, window) -> {
			Window current = (window != null) ? window : new Window(this.limit);
			wait[0] = current.tryAcquire(now, this.windowNanos);
			return current;
		});
		return Duration.ofNanos(wait[0]);
	}

	/**
	 * How many users the limiter currently holds.
	 * @return the number of users
	 */
	int size() {
		return this.windows.size();
	}

	private void sweep(long now) {
		long last = this.lastSweep.get();
		if (now - last < this.windowNanos || !this.lastSweep.compareAndSet(last, now)) {
			return;
		}
		for (String user : this.windows.keySet()) {
			this.windows.computeIfPresent(user, (key, window) -> window.isIdle(now, this.windowNanos) ? null : window);
		}
	}

	/**
	 * The times of one user's last posts, oldest first from {@code next}. Only used under
	 * the map's lock for its key.
	 */
	private static final class Window {

		private final long[] times;

		private int next;

		private int count;

		Window(int limit) {
			this.times = new long[limit];
		}

		long tryAcquire(long now, long windowNanos) {
			if (this.count == this.times.length) {
				long oldest = this.times[this.next];
				long elapsed = now - oldest;
				if (elapsed < windowNanos) {
					return windowNanos - elapsed;
				}
			}
			else {
				this.count++;
			}
			this.times[this.next] = now;
			this.next = (this.next + 1) % this.times.length;
			return 0;
		}

		boolean isIdle(long now, long windowNanos) {
			int newest = (this.next + this.times.length - 1) % this.times.length;
			return this.count == 0 || now - this.times[newest] >= windowNanos;
		}

	}

}
