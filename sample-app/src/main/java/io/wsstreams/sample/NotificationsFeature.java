package io.wsstreams.sample;

import io.wsstreams.StreamFeature;
import io.wsstreams.StreamPublisher;

/**
 * Notifications on a channel: live only, published by the application through the
 * {@code StreamPublisher} (see {@link NotificationController}). Clients only listen: the
 * feature has no actions, so their frames to it are answered {@code UNKNOWN_ACTION}.
 */
@StreamFeature(name = NotificationsFeature.NAME)
class NotificationsFeature {

	static final String NAME = "notifications";

}
