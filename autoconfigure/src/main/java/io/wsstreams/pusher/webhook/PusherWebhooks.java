package io.wsstreams.pusher.webhook;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.pusher.PusherSignatures;
import io.wsstreams.pusher.server.PusherActivity;
import io.wsstreams.pusher.server.PusherActivityListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends Pusher's webhooks: hears the activity of every app, and posts it to the app's
 * targets as Pusher does, {@code {"time_ms":…,"events":[…]}} signed with the app secret in
 * {@code X-Pusher-Signature}, batched and retried with exponential backoff.
 *
 * <p>Threads: {@link #onActivity} runs on the thread that made the change and only offers
 * the event to a bounded queue; when the queue is full the event is dropped, counted, and
 * logged at most once a minute. One scheduler thread, {@code ws-streams-pusher-webhooks},
 * drains the queue after a short batching window, holds {@code channel_vacated} and
 * {@code member_removed} for the removal delay (a channel occupied again, or a member
 * added again, within it cancels both events, as Pusher does), and keeps an ordered,
 * bounded backlog per target with at most one request in flight per target. Requests run
 * on the JDK HTTP client, with a timeout; their completion is handed back to the
 * scheduler. So a slow or failing target delays only its own webhooks, never a socket.
 */
public final class PusherWebhooks implements PusherActivityListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(PusherWebhooks.class);

	/** How long events gather before a batch is made. */
	private static final long BATCH_WINDOW_MILLIS = 20;

	private static final long WARN_INTERVAL_MILLIS = 60_000;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Map<String, List<Target>> byApp = new LinkedHashMap<>();

	private final Settings settings;

	private final BlockingQueue<Pending> inbox;

	private final @Nullable ScheduledExecutorService scheduler;

	private final @Nullable ExecutorService httpThreads;

	private final @Nullable HttpClient http;

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private volatile boolean closed;

	private final AtomicLong lastDropWarning = new AtomicLong(Long.MIN_VALUE);

	/** Held removals by channel (and member), touched on the scheduler thread only. */
	private final Map<String, Pending> held = new HashMap<>();

	private final LongAdder delivered = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder retried = new LongAdder();

	/**
	 * Creates the webhooks of the apps. Makes no thread when no app has a target.
	 * @param targets the targets of each app, by app id
	 * @param signatures the signatures of each app with targets, by app id
	 * @param settings how webhooks are queued, batched, sent and retried
	 */
	public PusherWebhooks(Map<String, List<PusherWebhookTarget>> targets, Map<String, PusherSignatures> signatures,
			Settings settings) {
		this.settings = settings;
		targets.forEach((appId, list) -> {
			if (!list.isEmpty()) {
				PusherSignatures appSignatures = signatures.get(appId);
				if (appSignatures == null) {
					throw new IllegalArgumentException("No signatures for app '" + appId + "'");
				}
				this.byApp.put(appId, list.stream().map((target) -> new Target(target, appSignatures)).toList());
			}
		});
		this.inbox = new LinkedBlockingQueue<>(settings.queueCapacity());
		if (this.byApp.isEmpty()) {
			this.scheduler = null;
			this.httpThreads = null;
			this.http = null;
		}
		else {
			ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
					threads("ws-streams-pusher-webhooks"));
			scheduler.setRemoveOnCancelPolicy(true);
			this.scheduler = scheduler;
			this.httpThreads = Executors.newCachedThreadPool(threads("ws-streams-pusher-webhooks-http-"));
			this.http = HttpClient.newBuilder()
				.connectTimeout(settings.timeout())
				.executor(this.httpThreads)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
		}
	}

	/**
	 * Queues an event for the app's targets that want it. Never blocks: when the queue is
	 * full, the event is dropped and counted.
	 * @param appId the app id
	 * @param event what happened
	 */
	@Override
	public void onActivity(String appId, PusherActivity event) {
		List<Target> targets = this.byApp.get(appId);
		ScheduledExecutorService scheduler = this.scheduler;
		if (targets == null || scheduler == null || this.closed || !wanted(targets, event.name())) {
			return;
		}
		if (!this.inbox.offer(new Pending(appId, event))) {
			drop(1);
			return;
		}
		if (this.drainScheduled.compareAndSet(false, true)) {
			try {
				scheduler.schedule(this::drain, BATCH_WINDOW_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// closed: the application is stopping
			}
		}
	}

	/**
	 * Whether an app has a target for an event, or for the removal it may cancel.
	 */
	private static boolean wanted(List<Target> targets, String name) {
		for (Target target : targets) {
			if (target.target.accepts(name)
					|| (name.equals(PusherActivity.CHANNEL_OCCUPIED) && target.target.accepts(PusherActivity.CHANNEL_VACATED))
					|| (name.equals(PusherActivity.MEMBER_ADDED) && target.target.accepts(PusherActivity.MEMBER_REMOVED))) {
				return true;
			}
		}
		return false;
	}

	private void drain() {
		this.drainScheduled.set(false);
		for (Pending pending = this.inbox.poll(); pending != null; pending = this.inbox.poll()) {
			accept(pending);
		}
		this.byApp.values().forEach((targets) -> targets.forEach(this::pump));
	}

	private void accept(Pending pending) {
		String name = pending.event.name();
		boolean removal = name.equals(PusherActivity.CHANNEL_VACATED) || name.equals(PusherActivity.MEMBER_REMOVED);
		long delay = this.settings.removalDelay().toMillis();
		if (removal && delay > 0) {
			String key = pending.removalKey();
			Pending previous = this.held.put(key, pending);
			if (previous != null) {
				enqueue(previous);
			}
			schedule(() -> release(key, pending), delay);
			return;
		}
		if (name.equals(PusherActivity.CHANNEL_OCCUPIED) || name.equals(PusherActivity.MEMBER_ADDED)) {
			if (this.held.remove(pending.removalKey()) != null) {
				// back within the removal delay: Pusher sends neither event
				return;
			}
		}
		enqueue(pending);
	}

	private void release(String key, Pending pending) {
		if (this.held.remove(key, pending)) {
			enqueue(pending);
			this.byApp.get(pending.appId).forEach(this::pump);
		}
	}

	private void enqueue(Pending pending) {
		for (Target target : this.byApp.get(pending.appId)) {
			if (target.target.accepts(pending.event.name())) {
				if (target.backlog.size() < this.settings.queueCapacity()) {
					target.backlog.add(pending.event);
				}
				else {
					drop(1);
				}
			}
		}
	}

	private void pump(Target target) {
		if (target.busy || target.backlog.isEmpty()) {
			return;
		}
		List<PusherActivity> batch = new ArrayList<>();
		while (batch.size() < this.settings.maxEventsPerRequest() && !target.backlog.isEmpty()) {
			batch.add(target.backlog.poll());
		}
		target.busy = true;
		send(target, body(batch), batch.size(), 1);
	}

	private void send(Target target, byte[] body, int events, int attempt) {
		HttpClient http = this.http;
		if (http == null) {
			return;
		}
		try {
			HttpRequest request = HttpRequest.newBuilder(target.target.url())
				.timeout(this.settings.timeout())
				.header("Content-Type", "application/json")
				.header("X-Pusher-Key", target.signatures.key())
				.header("X-Pusher-Signature", target.signatures.webhookSignature(body))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> execute(() -> completed(target, body, events, attempt,
						(response != null) ? response.statusCode() : -1, failure)));
		}
		catch (RuntimeException ex) {
			completed(target, body, events, attempt, -1, ex);
		}
	}

	private void completed(Target target, byte[] body, int events, int attempt, int status,
			@Nullable Throwable failure) {
		if (failure == null && status >= 200 && status < 300) {
			this.delivered.add(events);
			target.busy = false;
			pump(target);
			return;
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		String outcome = (cause != null) ? cause.getClass().getSimpleName() : "HTTP " + status;
		if (attempt < this.settings.maxAttempts()) {
			this.retried.increment();
			if (logger.isDebugEnabled()) {
				logger.debug("Webhook to " + target.target.describe() + " failed (" + outcome + "), attempt " + attempt
						+ " of " + this.settings.maxAttempts());
			}
			schedule(() -> send(target, body, events, attempt + 1), backoff(attempt).toMillis());
			return;
		}
		this.failed.add(events);
		logger.warn("Webhook to " + target.target.describe() + " failed after " + attempt + " attempts (" + outcome
				+ "); its " + events + " event(s) are dropped");
		target.busy = false;
		pump(target);
	}

	/**
	 * The wait after a failed attempt: the initial backoff, doubled after each further
	 * failure, at most the maximum.
	 * @param attempt the attempt that failed, from 1
	 * @return the wait
	 */
	Duration backoff(int attempt) {
		Duration wait = this.settings.initialBackoff();
		for (int i = 1; i < attempt && wait.compareTo(this.settings.maxBackoff()) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.settings.maxBackoff()) > 0) ? this.settings.maxBackoff() : wait;
	}

	private static byte[] body(List<PusherActivity> events) {
		ObjectNode root = MAPPER.createObjectNode();
		root.put("time_ms", System.currentTimeMillis());
		ArrayNode array = root.putArray("events");
		for (PusherActivity event : events) {
			ObjectNode node = array.addObject();
			node.put("name", event.name());
			node.put("channel", event.channel());
			if (event.event() != null) {
				node.put("event", event.event());
			}
			if (event.data() != null) {
				node.put("data", event.data());
			}
			if (event.socketId() != null) {
				node.put("socket_id", event.socketId());
			}
			if (event.userId() != null) {
				node.put("user_id", event.userId());
			}
		}
		// a client's data may hold an unpaired surrogate, which UTF-8 cannot carry
		return OutboundFrame.of(MAPPER.writeValueAsString(root)).text().getBytes(StandardCharsets.UTF_8);
	}

	private void drop(int events) {
		this.dropped.add(events);
		long now = System.currentTimeMillis();
		long last = this.lastDropWarning.get();
		if ((last == Long.MIN_VALUE || now - last >= WARN_INTERVAL_MILLIS) && this.lastDropWarning.compareAndSet(last, now)) {
			logger.warn("Pusher webhook events are dropped: more than " + this.settings.queueCapacity()
					+ " wait to be sent (" + this.dropped.sum() + " dropped so far)");
		}
	}

	private void schedule(Runnable task, long delayMillis) {
		try {
			if (this.scheduler != null) {
				this.scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
			}
		}
		catch (RejectedExecutionException ex) {
			// closed: the application is stopping
		}
	}

	private void execute(Runnable task) {
		schedule(task, 0);
	}

	/**
	 * Events posted to a target that answered with a 2xx status.
	 * @return the count
	 */
	public long delivered() {
		return this.delivered.sum();
	}

	/**
	 * Events given up after the last attempt failed.
	 * @return the count
	 */
	public long failed() {
		return this.failed.sum();
	}

	/**
	 * Events dropped because too many waited to be sent.
	 * @return the count
	 */
	public long dropped() {
		return this.dropped.sum();
	}

	/**
	 * Requests sent again after a failed attempt.
	 * @return the count
	 */
	public long retried() {
		return this.retried.sum();
	}

	/**
	 * Stops sending: events not yet delivered are lost.
	 */
	@Override
	public void close() {
		this.closed = true;
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
		if (this.httpThreads != null) {
			this.httpThreads.shutdownNow();
		}
	}

	private static ThreadFactory threads(String name) {
		AtomicInteger count = new AtomicInteger();
		boolean numbered = name.endsWith("-");
		return (task) -> {
			Thread thread = new Thread(task, numbered ? name + count.incrementAndGet() : name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * How webhooks are queued, batched, sent and retried.
	 *
	 * @param queueCapacity the most events waiting, in the queue and in each target's
	 * backlog
	 * @param maxEventsPerRequest the most events in one request
	 * @param timeout the time a request may take, and a connection
	 * @param maxAttempts the most attempts per request, the first included
	 * @param initialBackoff the wait before the first retry, doubled for each further one
	 * @param maxBackoff the longest wait between attempts
	 * @param removalDelay how long {@code channel_vacated} and {@code member_removed} are
	 * held, zero to send them at once
	 */
	public record Settings(int queueCapacity, int maxEventsPerRequest, Duration timeout, int maxAttempts,
			Duration initialBackoff, Duration maxBackoff, Duration removalDelay) {

		/**
		 * Checks the settings.
		 * @throws IllegalArgumentException when a count is not positive, a duration is
		 * negative, or the timeout is zero
		 */
		public Settings {
			if (queueCapacity < 1 || maxEventsPerRequest < 1 || maxAttempts < 1) {
				throw new IllegalArgumentException("Webhook queue capacity, events per request and attempts must be positive");
			}
			if (timeout.isNegative() || timeout.isZero() || initialBackoff.isNegative() || maxBackoff.isNegative()
					|| removalDelay.isNegative()) {
				throw new IllegalArgumentException("Webhook durations must not be negative, nor the timeout zero");
			}
		}

	}

	/** An event of an app, as heard. */
	private record Pending(String appId, PusherActivity event) {

		/** What a removal and the addition that cancels it have in common. */
		String removalKey() {
			return this.appId + '\n' + this.event.channel() + '\n'
					+ (isMemberEvent() ? "member\n" + this.event.userId() : "channel");
		}

		private boolean isMemberEvent() {
			return this.event.name().equals(PusherActivity.MEMBER_ADDED)
					|| this.event.name().equals(PusherActivity.MEMBER_REMOVED);
		}

	}

	/** A target and what waits for it; touched on the scheduler thread only. */
	private static final class Target {

		private final PusherWebhookTarget target;

		private final PusherSignatures signatures;

		private final ArrayDeque<PusherActivity> backlog = new ArrayDeque<>();

		private boolean busy;

		Target(PusherWebhookTarget target, PusherSignatures signatures) {
			this.target = target;
			this.signatures = signatures;
		}

	}

}
