package io.wsstreams.sample;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs users in and out of their Spring Session. The user id is kept in the session
 * attribute that ws-streams reads at the handshake, so a socket opened with the session
 * belongs to that user.
 */
@Component
class SessionUsers {

	private final String attribute;

	SessionUsers(@Value("${ws-streams.session.user-attribute:user}") String attribute) {
		this.attribute = attribute;
	}

	/**
	 * The user signed in to the request's session.
	 * @param request the request
	 * @return the user id, empty when nobody is signed in
	 */
	Optional<String> current(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null && session.getAttribute(this.attribute) instanceof String user) ? Optional.of(user)
				: Optional.empty();
	}

	/**
	 * Signs a user in, under a session id the client has not seen before.
	 * @param request the request
	 * @param user the user id
	 */
	void signIn(HttpServletRequest request, String user) {
		if (request.getSession(false) != null) {
			// An id handed out (or planted) before sign-in must not become a signed-in one.
			request.changeSessionId();
		}
		request.getSession(true).setAttribute(this.attribute, user);
	}

	/**
	 * Ends the request's session, if any; ws-streams then closes its sockets with 4401.
	 * @param request the request
	 */
	void signOut(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
	}

}
