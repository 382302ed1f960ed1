package io.wsstreams.sample;

import java.net.http.HttpResponse;

/**
 * What a sign-in hands a client: the {@code SESSION} cookie's value and the
 * {@code X-Auth-Token} header's value.
 *
 * @param user the user id
 * @param cookie the cookie value, as the server wrote it
 * @param token the token
 */
record SignedIn(String user, String cookie, String token) {

	static SignedIn from(String user, HttpResponse<String> response) {
		String cookie = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith("SESSION="))
			.map((header) -> header.substring("SESSION=".length(), header.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No SESSION cookie in " + response.headers().map()));
		String token = response.headers()
			.firstValue("X-Auth-Token")
			.orElseThrow(() -> new AssertionError("No X-Auth-Token in " + response.headers().map()));
		return new SignedIn(user, cookie, token);
	}

	/** Request headers that present the session as a browser does. */
	String[] cookieHeader() {
		return new String[] { "Cookie", "SESSION=" + this.cookie };
	}

	/** Request headers that present the session as a native client does. */
	String[] tokenHeader() {
		return new String[] { "X-Auth-Token", this.token };
	}

}
