package io.wsstreams.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Answers 401 before a handler that needs a signed-in user runs, so that the missing
 * sign-in is reported ahead of any validation error, and hands the user id to the
 * handler as the request attribute {@link #USER}.
 */
final class SignedInInterceptor implements HandlerInterceptor {

	/** The request attribute holding the signed-in user's id. */
	static final String USER = "io.wsstreams.sample.user";

	private final SessionUsers users;

	SignedInInterceptor(SessionUsers users) {
		this.users = users;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String user = this.users.current(request).orElseThrow(NotSignedInException::new);
		request.setAttribute(USER, user);
		return true;
	}

}
