/**
 * Pusher's webhooks: the activity of Pusher channels, queued, batched, signed and posted
 * to each app's targets, off the delivery path.
 */
@NullMarked
package io.wsstreams.pusher.webhook;

import org.jspecify.annotations.NullMarked;
