package io.wsstreams.sample;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SessionApiTests extends SampleTest {

	@Test
	void loginAnswersTheUserWithACookieAndATokenForTheSameSession() {
		HttpResponse<String> response = this.http.post("/api/login", "{\"name\":\"alice\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SampleHttpClient.json(response).toString()).isEqualTo("{\"user\":\"alice\"}");
		SignedIn alice = SignedIn.from("alice", response);
		assertThat(new String(Base64.getDecoder().decode(alice.cookie()), StandardCharsets.UTF_8))
			.isEqualTo(alice.token());
		assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(
				(cookie) -> assertThat(cookie).startsWith("SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
		assertThat(me(alice.cookieHeader()).path("user").asString()).isEqualTo("alice");
		assertThat(me(alice.tokenHeader()).path("user").asString()).isEqualTo("alice");
	}

	@Test
	void loginRotatesTheSessionId() {
		SignedIn first = this.http.login("alice");

		SignedIn second = SignedIn.from("bob", this.http.post("/api/login", "{\"name\":\"bob\"}", first.tokenHeader()));

		assertThat(second.token()).isNotEqualTo(first.token());
		assertThat(this.http.get("/api/me", first.tokenHeader()).statusCode()).isEqualTo(401);
		assertThat(me(second.tokenHeader()).path("user").asString()).isEqualTo("bob");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"name\":\"\"}", "{\"name\":\"al ice\"}", "{\"name\":\"channel:1\"}",
			"{\"name\":\"a234567890123456789012345678901234567890123456789012345678901234x\"}", "{}" })
	void loginRejectsAnInvalidNameWithAProblemDetail(String body) {
		HttpResponse<String> response = this.http.post("/api/login", body);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = SampleHttpClient.json(response);
		assertThat(problem.path("status").asInt()).isEqualTo(400);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("name");
		assertThat(response.headers().firstValue("X-Auth-Token")).isEmpty();
	}

	@Test
	void loginRejectsABodyThatIsNotJson() {
		assertThat(this.http.post("/api/login", "alice").statusCode()).isEqualTo(400);
	}

	@Test
	void meAnswers401WhenSignedOut() {
		HttpResponse<String> response = this.http.get("/api/me");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(SampleHttpClient.json(response).path("status").asInt()).isEqualTo(401);
	}

	@Test
	void logoutEndsTheSessionForTheCookieAndTheToken() {
		SignedIn alice = this.http.login("alice");

		HttpResponse<String> response = this.http.post("/api/logout", "", alice.tokenHeader());

		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=;").contains("Max-Age=0"));
		assertThat(this.http.get("/api/me", alice.tokenHeader()).statusCode()).isEqualTo(401);
		assertThat(this.http.get("/api/me", alice.cookieHeader()).statusCode()).isEqualTo(401);
	}

	@Test
	void logoutWithoutASessionAnswers204() {
		assertThat(this.http.post("/api/logout", "").statusCode()).isEqualTo(204);
	}

	private JsonNode me(String... headers) {
		HttpResponse<String> response = this.http.get("/api/me", headers);
		assertThat(response.statusCode()).isEqualTo(200);
		return SampleHttpClient.json(response);
	}

}
