package io.wsstreams.sample;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A user posted more notifications than the limit allows: answered 429 with a
 * {@code Retry-After} header in whole seconds.
 */
final class TooManyNotificationsException extends ErrorResponseException {

	TooManyNotificationsException(int limit, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"At most " + limit + " notifications per second; try again shortly"), null);
		long seconds = Math.max(1, retryAfter.plusNanos(999_999_999L).toSeconds());
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
	}

}
