package io.wsstreams;

import org.jspecify.annotations.Nullable;

/**
 * How a feature's publications reach its subscribers.
 */
public enum DeliveryStrategy {

	/**
	 * A durable, replayable log: each publication is appended before delivery and gets an
	 * id; clients receive history on join and resume without gaps after a reconnect.
	 */
	STREAMS("streams"),

	/** Live fan-out only: at most once, no id, no history. */
	PUB_SUB("pub-sub");

	private final String id;

	DeliveryStrategy(String id) {
		this.id = id;
	}

	/**
	 * The strategy's name on the wire, as in {@code clients=chat:streams}.
	 * @return {@code streams} or {@code pub-sub}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The strategy with the given wire name.
	 * @param id {@code streams} or {@code pub-sub}
	 * @return the strategy, or {@code null} when the name is unknown
	 */
	public static @Nullable DeliveryStrategy fromId(String id) {
		for (DeliveryStrategy strategy : values()) {
			if (strategy.id.equals(id)) {
				return strategy;
			}
		}
		return null;
	}

}
