package io.wsstreams.pusher.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The configured Pusher apps, by key and by id.
 */
public final class PusherApps {

	private final Map<String, PusherApp> byKey = new LinkedHashMap<>();

	private final Map<String, PusherApp> byId = new LinkedHashMap<>();

	/**
	 * Creates the apps.
	 * @param apps the apps
	 * @throws IllegalArgumentException when two apps share a key or an id
	 */
	public PusherApps(List<PusherApp> apps) {
		for (PusherApp app : apps) {
			if (this.byKey.putIfAbsent(app.key(), app) != null) {
				throw new IllegalArgumentException("Duplicate app key '" + app.key() + "'");
			}
			if (this.byId.putIfAbsent(app.id(), app) != null) {
				throw new IllegalArgumentException("Duplicate app id '" + app.id() + "'");
			}
		}
	}

	/**
	 * The app of a key.
	 * @param key the key
	 * @return the app, or {@code null}
	 */
	public @Nullable PusherApp byKey(String key) {
		return this.byKey.get(key);
	}

	/**
	 * The app of an id.
	 * @param id the id
	 * @return the app, or {@code null}
	 */
	public @Nullable PusherApp byId(String id) {
		return this.byId.get(id);
	}

	/**
	 * Every app.
	 * @return the apps, in the order configured
	 */
	public Collection<PusherApp> all() {
		return this.byId.values();
	}

}
