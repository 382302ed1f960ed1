package io.wsstreams.sample;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request that needs a signed-in user came without one: answered 401.
 */
final class NotSignedInException extends ErrorResponseException {

	NotSignedInException() {
		super(HttpStatus.UNAUTHORIZED,
				ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Sign in first with POST /api/login"), null);
	}

}
