package io.wsstreams.connection;

/**
 * Sockets that another handler serves, such as the Pusher endpoint's, which a drain and a
 * shutdown close along with ws-streams' own connections, each with its protocol's own
 * close code for "reconnect elsewhere".
 */
public interface DrainableSockets {

	/**
	 * How many sockets are open.
	 * @return the number of open sockets
	 */
	int size();

	/**
	 * Closes some open sockets, for a drain.
	 * @param count the most sockets to close
	 * @return how many it started closing
	 */
	int closeSome(int count);

	/**
	 * Starts closing every socket, for a shutdown.
	 */
	void closeAll();

}
