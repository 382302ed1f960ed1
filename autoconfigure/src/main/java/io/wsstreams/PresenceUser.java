package io.wsstreams;

/**
 * One user on a stream, as presence frames show it.
 *
 * @param id the user id, or the connection id of an anonymous connection
 * @param anonymous whether the connection has no signed-in user
 * @param status {@code online}, {@code away}, {@code busy} or a short custom status
 * @param connections how many connections (tabs) the user has on the stream
 * @param since when the user's first current connection arrived, in epoch milliseconds
 */
public record PresenceUser(String id, boolean anonymous, String status, int connections, long since) {

}
