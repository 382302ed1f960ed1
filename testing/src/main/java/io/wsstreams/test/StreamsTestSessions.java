package io.wsstreams.test;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Signs users in without going through the application's sign-in: makes a session in the
 * application's Spring Session repository with the user in the attribute that ws-streams
 * reads ({@code ws-streams.session.user-attribute}, {@code user} by default), as a text
 * that any session store can keep.
 *
 * <pre class="code">
 * &#64;Autowired SessionRepository&lt;? extends Session&gt; sessions;
 *
 * String session = StreamsTestSessions.signIn(sessions, "alice");
 * StreamsTestConnection alice = StreamsTestClient.forPort(port).withSession(session).connect("channel:1", "chat");
 * </pre>
 *
 * An application that resolves users in its own way (a {@code StreamUserResolver} bean)
 * sets the attributes its resolver reads with {@link #signIn(SessionRepository, String, Object)}.
 */
public final class StreamsTestSessions {

	/** The session attribute that ws-streams reads the user from by default. */
	public static final String DEFAULT_USER_ATTRIBUTE = "user";

	private StreamsTestSessions() {
	}

	/**
	 * Makes and saves a session for a user under the default attribute.
	 * @param sessions the application's session repository
	 * @param user the user's id
	 * @return the session's id, for {@link StreamsTestClient#withSession} or
	 * {@link StreamsTestClient#withToken}
	 */
	public static String signIn(SessionRepository<? extends Session> sessions, String user) {
		return signIn(sessions, DEFAULT_USER_ATTRIBUTE, user);
	}

	/**
	 * Makes and saves a session with one attribute.
	 * @param sessions the application's session repository
	 * @param attribute the attribute's name
	 * @param value its value
	 * @return the session's id
	 */
	public static String signIn(SessionRepository<? extends Session> sessions, String attribute, Object value) {
		return save(sessions, attribute, value);
	}

	private static <S extends Session> String save(SessionRepository<S> sessions, String attribute, Object value) {
		S session = sessions.createSession();
		session.setAttribute(attribute, value);
		sessions.save(session);
		return session.getId();
	}

	/**
	 * Ends a session as a sign-out does: its sockets close with 4401.
	 * @param sessions the application's session repository
	 * @param sessionId the session's id
	 */
	public static void signOut(SessionRepository<? extends Session> sessions, String sessionId) {
		sessions.deleteById(sessionId);
	}

}
