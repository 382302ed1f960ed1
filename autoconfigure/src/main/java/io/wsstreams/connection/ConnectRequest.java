package io.wsstreams.connection;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.CloseCodes;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The query parameters of a connection, checked in the protocol's order: {@code stream}
 * present, {@code clients} present, stream well-formed, every client a declared feature,
 * every strategy named the feature's declared one.
 *
 * @param stream the stream
 * @param features the selected features, in the order named, without repeats
 * @param since resume points by feature
 */
record ConnectRequest(String stream, Map<String, FeatureDefinition> features, Map<String, String> since) {

	static ConnectRequest parse(@Nullable URI uri, FeatureRegistry registry) throws Rejected {
		MultiValueMap<String, String> query = (uri != null)
				? UriComponentsBuilder.fromUri(uri).build().getQueryParams() : new org.springframework.util.LinkedMultiValueMap<>();
		// Checked exactly as sent: trimming would let "channel:1%00" or "channel:1%20" in
		// as "channel:1".
		String stream = decode(query.getFirst("stream"));
		if (stream.isEmpty()) {
			throw new Rejected("no-stream", CloseCodes.status(CloseCodes.POLICY_VIOLATION, "No stream specified"));
		}
		List<String> clients = new ArrayList<>();
		for (String value : query.getOrDefault("clients", List.of())) {
			for (String client : decode(value).trim().split(",")) {
				if (!client.isBlank()) {
					clients.add(client.trim());
				}
			}
		}
		if (clients.isEmpty()) {
			throw new Rejected("no-clients", CloseCodes.status(CloseCodes.POLICY_VIOLATION, "No clients specified"));
		}
		if (!StreamNames.isValidStream(stream)) {
			throw new Rejected("invalid-stream", CloseCodes.status(CloseCodes.POLICY_VIOLATION, "Invalid stream"));
		}
		// Every name is checked before any strategy, as the protocol orders the two checks.
		Map<String, FeatureDefinition> features = new LinkedHashMap<>();
		for (String client : clients) {
			String name = nameOf(client);
			FeatureDefinition feature = registry.get(name);
			if (feature == null) {
				throw new Rejected("unknown-client",
						CloseCodes.status(CloseCodes.POLICY_VIOLATION, "Unknown client: " + name));
			}
			features.putIfAbsent(name, feature);
		}
		for (String client : clients) {
			int colon = client.indexOf(':');
			if (colon >= 0) {
				String name = nameOf(client);
				String strategy = client.substring(colon + 1);
				if (DeliveryStrategy.fromId(strategy) != features.get(name).strategy()) {
					throw new Rejected("unsupported-strategy", CloseCodes.status(CloseCodes.POLICY_VIOLATION,
							"Unsupported strategy: " + name + ":" + strategy));
				}
			}
		}
		Map<String, String> since = new LinkedHashMap<>();
		for (String value : query.getOrDefault("since", List.of())) {
			for (String point : decode(value).trim().split(",")) {
				int colon = point.indexOf(':');
				if (colon > 0 && colon < point.length() - 1) {
					since.putIfAbsent(point.substring(0, colon).trim(), point.substring(colon + 1).trim());
				}
			}
		}
		return new ConnectRequest(stream, features, since);
	}

	private static String nameOf(String client) {
		int colon = client.indexOf(':');
		return (colon >= 0) ? client.substring(0, colon) : client;
	}

	/**
	 * Decodes a parameter; a broken escape such as {@code %zz} leaves it as it is, for
	 * the name checks to refuse.
	 */
	private static String decode(@Nullable String value) {
		if (value == null) {
			return "";
		}
		try {
			return UriUtils.decode(value, java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	/**
	 * A connection refused after the upgrade.
	 */
	static final class Rejected extends Exception {

		private final String reason;

		private final CloseStatus status;

		Rejected(String reason, CloseStatus status) {
			super(status.getReason(), null, false, false);
			this.reason = reason;
			this.status = status;
		}

		/**
		 * A short, fixed key for the rejected-handshakes counter.
		 * @return the key
		 */
		String reason() {
			return this.reason;
		}

		CloseStatus status() {
			return this.status;
		}

	}

}
