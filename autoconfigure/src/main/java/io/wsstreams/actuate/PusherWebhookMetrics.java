package io.wsstreams.actuate;

import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.wsstreams.pusher.webhook.PusherWebhooks;

/**
 * The meters of Pusher's webhooks: {@code ws.streams.pusher.webhooks} with an
 * {@code outcome} of {@code delivered}, {@code failed} (given up after the last attempt)
 * and {@code dropped} (the queue was full), counting events, and {@code retried},
 * counting requests sent again.
 */
public final class PusherWebhookMetrics implements MeterBinder {

	/** The meter's name. */
	public static final String NAME = "ws.streams.pusher.webhooks";

	private final PusherWebhooks webhooks;

	/**
	 * Creates the meters.
	 * @param webhooks the webhooks they count
	 */
	public PusherWebhookMetrics(PusherWebhooks webhooks) {
		this.webhooks = webhooks;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "delivered", "Webhook events delivered", PusherWebhooks::delivered);
		counter(registry, "failed", "Webhook events given up after the last attempt", PusherWebhooks::failed);
		counter(registry, "dropped", "Webhook events dropped because the queue was full", PusherWebhooks::dropped);
		counter(registry, "retried", "Webhook requests sent again after a failed attempt", PusherWebhooks::retried);
	}

	private void counter(MeterRegistry registry, String outcome, String description,
			ToLongFunction<PusherWebhooks> count) {
		FunctionCounter.builder(NAME, this.webhooks, count::applyAsLong)
			.tag("outcome", outcome)
			.description(description)
			.baseUnit("events")
			.register(registry);
	}

}
