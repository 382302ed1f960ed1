package io.wsstreams.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client that every application with the starter serves, here through the
 * sample: the modules as JavaScript and their declarations as text.
 */
class ClientScriptTests extends SampleTest {

	@Test
	void servesTheClientAsJavaScript() {
		for (String module : new String[] { "/ws-streams/ws-streams.js", "/ws-streams/ws-streams-testing.js" }) {
			HttpResponse<String> response = this.http.get(module);
			assertThat(response.statusCode()).as(module).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).as(module).hasValueSatisfying(
					(type) -> assertThat(type).matches("(text|application)/javascript(;.*)?"));
			assertThat(response.body()).contains("export function ");
		}
	}

	@Test
	void servesTheTypeScriptDeclarationsAsText() {
		for (String declarations : new String[] { "/ws-streams/ws-streams.d.ts", "/ws-streams/ws-streams-testing.d.ts" }) {
			HttpResponse<String> response = this.http.get(declarations);
			assertThat(response.statusCode()).as(declarations).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).as(declarations)
				.hasValue("text/plain;charset=UTF-8");
			assertThat(response.body()).contains("export declare function ");
		}
	}

}
