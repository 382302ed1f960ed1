package io.wsstreams.broker;

/**
 * Counts each user's connections across nodes, for the per-user connection limit. A node
 * checks its own connections first; a store shared by many nodes then admits a
 * connection only while the user holds fewer than the limit on all of them together.
 * Entries of connections that a dead node can no longer remove expire unless their node
 * keeps refreshing them.
 */
public interface UserConnections {

	/** One node: its own count is the whole count. */
	UserConnections LOCAL = new UserConnections() {

		@Override
		public boolean tryAdd(String user, String connectionId, int max) {
			return true;
		}

		@Override
		public void remove(String user, String connectionId) {
		}

	};

	/**
	 * Admits a connection unless its user already holds {@code max} connections.
	 * @param user the user's id
	 * @param connectionId the connection
	 * @param max the most connections the user may hold
	 * @return {@code true} when admitted
	 */
	boolean tryAdd(String user, String connectionId, int max);

	/**
	 * Forgets a connection that closed.
	 * @param user the user's id
	 * @param connectionId the connection
	 */
	void remove(String user, String connectionId);

}
