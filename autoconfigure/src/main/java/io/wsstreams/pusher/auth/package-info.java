/**
 * The ready auth endpoints of Pusher clients: channel authorization and user
 * authentication for the signed-in user of the request.
 */
@NullMarked
package io.wsstreams.pusher.auth;

import org.jspecify.annotations.NullMarked;
