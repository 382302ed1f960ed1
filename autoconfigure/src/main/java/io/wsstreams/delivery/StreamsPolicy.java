package io.wsstreams.delivery;

import java.time.Duration;
import java.util.Map;

import io.wsstreams.broker.LogRetention;

/**
 * Retention and history sizes of {@code streams} features, with per-feature overrides.
 */
public final class StreamsPolicy {

	private final Settings defaults;

	private final Map<String, Settings> features;

	private final int maxHistoryPage;

	/**
	 * Creates a policy.
	 * @param defaults the settings of features without overrides
	 * @param features overrides by feature name
	 * @param maxHistoryPage the most entries one {@code history} action returns
	 */
	public StreamsPolicy(Settings defaults, Map<String, Settings> features, int maxHistoryPage) {
		this.defaults = defaults;
		this.features = Map.copyOf(features);
		this.maxHistoryPage = maxHistoryPage;
	}

	public LogRetention retention(String feature) {
		Settings settings = settings(feature);
		return new LogRetention(settings.maxCount(), settings.maxAge());
	}

	public int history(String feature) {
		return settings(feature).history();
	}

	public int maxHistoryPage() {
		return this.maxHistoryPage;
	}

	private Settings settings(String feature) {
		return this.features.getOrDefault(feature, this.defaults);
	}

	/**
	 * The settings of one feature.
	 *
	 * @param history messages sent on join without a resume point
	 * @param maxCount messages kept per topic
	 * @param maxAge the oldest message kept
	 */
	public record Settings(int history, int maxCount, Duration maxAge) {

	}

}
