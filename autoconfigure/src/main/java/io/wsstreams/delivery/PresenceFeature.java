package io.wsstreams.delivery;

import io.wsstreams.PresenceUser;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamValidationException;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamConnection;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@code presence} feature: clients select it to see who is on the stream,
 * and send {@code {"type":"presence","action":"status","data":{"status":"away"}}} to
 * change their status. An application bean of its own named {@code presence} replaces
 * it.
 */
@StreamFeature(name = PresenceService.FEATURE)
public class PresenceFeature {

	private final PresenceService presence;

	private final ConnectionRegistry registry;

	public PresenceFeature(PresenceService presence, ConnectionRegistry registry) {
		this.presence = presence;
		this.registry = registry;
	}

	@StreamAction("status")
	PresenceUser status(StatusUpdate update, StreamContext context) {
		StreamConnection connection = this.registry.get(context.connectionId());
		if (connection == null) {
			throw new StreamValidationException("status", "connection closed");
		}
		return this.presence.status(connection, (update != null) ? update.status() : null);
	}

	/**
	 * A status change.
	 *
	 * @param status the new status
	 */
	record StatusUpdate(@Nullable String status) {
	}

}
