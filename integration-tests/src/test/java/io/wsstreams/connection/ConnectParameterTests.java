package io.wsstreams.connection;

import java.util.List;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens after the upgrade: the welcome frame, and the parameter and authorization
 * checks that close the socket (1008 with the contract's reasons, in the contract's order;
 * 4403 when the authorizer denies a feature).
 */
@StreamsServerTest
class ConnectParameterTests extends SocketTestSupport {

	@Autowired
	ConnectionRegistry registry;

	@Test
	void welcomesWithExactFrameShape() {
		String user = unique("alice");
		StreamsTestConnection client = connectAs(user, "stream=channel:123&clients=echo,log:streams,notifications:pub-sub");
		JsonNode welcome = client.next();
		String connectionId = welcome.path("data").path("connectionId").asString();
		assertThat(connectionId).isNotBlank();
		JsonNode expected = JsonMapper.builder().build().readTree("""
				{"type":"welcome","data":{"connectionId":"%s","stream":"channel:123","user":{"id":"%s"},
				"clients":[{"name":"echo","strategy":"pub-sub"},{"name":"log","strategy":"streams"},
				{"name":"notifications","strategy":"pub-sub"}],"heartbeatMs":25000}}
				""".formatted(connectionId, user));
		assertThat(welcome).isEqualTo(expected);
		assertThat(welcome.path("data").propertyNames()).containsExactly("connectionId", "stream", "user", "clients",
				"heartbeatMs");
	}

	@Test
	void givesEveryConnectionItsOwnId() {
		String user = unique("alice");
		String first = connectionId(join(user, "channel:1", "echo"));
		String second = connectionId(join(user, "channel:1", "echo"));
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void addsRepeatedClientsParametersInOrderWithoutDuplicates() {
		StreamsTestConnection client = connectAs(unique("alice"),
				"stream=channel:1&clients=notifications&clients=echo,notifications:pub-sub&clients=echo");
		JsonNode clients = client.next().path("data").path("clients");
		assertThat(clients.findValuesAsString("name")).containsExactly("notifications", "echo");
	}

	@Test
	void acceptsStreamOfFourPairsWithEverySegmentCharacter() {
		String stream = "org:a_b.c-1:team:Z9:channel:123:thread:" + "x".repeat(64);
		JsonNode welcome = connectAs(unique("alice"), "stream=" + stream + "&clients=echo").next();
		assertThat(welcome.path("data").path("stream").asString()).isEqualTo(stream);
	}

	@Test
	void decodesPercentEncodedParameters() {
		JsonNode welcome = connectAs(unique("alice"), "stream=channel%3A1&clients=echo%2Cnotifications%3Apub-sub")
			.next();
		assertThat(welcome.path("data").path("stream").asString()).isEqualTo("channel:1");
		assertThat(welcome.path("data").path("clients").findValuesAsString("name")).containsExactly("echo",
				"notifications");
	}

	@Test
	void closesWith1008WhenStreamIsMissing() {
		assertClosed("clients=echo", 1008, "No stream specified");
	}

	@Test
	void closesWith1008WhenStreamIsEmpty() {
		assertClosed("stream=&clients=echo", 1008, "No stream specified");
	}

	@Test
	void closesWith1008WhenClientsAreMissing() {
		assertClosed("stream=channel:1", 1008, "No clients specified");
	}

	@ParameterizedTest
	@ValueSource(strings = { "stream=channel:1&clients=", "stream=channel:1&clients=,", "stream=channel:1&clients=%20" })
	void closesWith1008WhenClientsAreEmpty(String query) {
		assertClosed(query, 1008, "No clients specified");
	}

	@ParameterizedTest
	@ValueSource(strings = { "channel", "channel:", ":1", "channel:1:thread", "channel::thread:1", "a:1:b:2:c:3:d:4:e:5",
			"channel:1%202", "channel:%C3%BC", "channel:1/2", "channel:1%00", "channel:1%20", "%20channel:1",
			"channel:1%0A", "channel:1%09", "channel%3A1%0D", "channel:1%ED%A0%80", "channel:1%FF",
			"channel:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"aaaaaaaaaaaaaaaaaaaaaaaa:1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb:2:"
					+ "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc:3:"
					+ "dddddddddddddddddddddddddddddddddddddddddddddddddddddd:4" })
	void closesWith1008WhenStreamIsMalformed(String stream) {
		assertClosed("stream=" + stream + "&clients=echo", 1008, "Invalid stream");
	}

	@Test
	void closesWith1008ForUnknownClient() {
		assertClosed("stream=channel:1&clients=echo,nope", 1008, "Unknown client: nope");
		assertClosed("stream=channel:1&clients=nope:pub-sub", 1008, "Unknown client: nope");
	}

	@ParameterizedTest
	@CsvSource({ "echo:streams, Unsupported strategy: echo:streams", "log:pub-sub, Unsupported strategy: log:pub-sub",
			"echo:bogus, Unsupported strategy: echo:bogus", "'echo,log:', 'Unsupported strategy: log:'" })
	void closesWith1008ForUnsupportedStrategy(String clients, String reason) {
		assertClosed("stream=channel:1&clients=" + clients, 1008, reason);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "|No stream specified", "clients=nope|No stream specified",
			"stream=bad|No clients specified", "stream=bad&clients=nope:streams|Invalid stream",
			"stream=channel:1&clients=echo:streams,nope|Unknown client: nope" })
	void checksParametersInContractOrder(String query, String reason) {
		assertClosed((query != null) ? query : "", 1008, reason);
	}

	@Test
	void closesWith4403WhenAuthorizerDeniesFeature() {
		String user = unique("bob");
		assertClosed(user, "stream=admin:1&clients=echo,notifications", 4403, "Forbidden: notifications");
		assertThat(this.registry.ofUser(user)).isEmpty();
	}

	@Test
	void welcomesWhenAuthorizerAllowsEveryFeature() {
		welcomed(connectAs(unique("admin"), "stream=admin:1&clients=echo,notifications"));
		welcomed(connectAs(unique("bob"), "stream=channel:1&clients=echo,notifications"));
	}

	@Test
	void checksParametersBeforeAuthorization() {
		assertClosed("stream=admin:1&clients=notifications,nope", 1008, "Unknown client: nope");
	}

	private void assertClosed(String query, int code, String reason) {
		assertClosed(unique("alice"), query, code, reason);
	}

	private void assertClosed(String user, String query, int code, String reason) {
		StreamsTestConnection client = connectAs(user, query);
		assertClosed(client, code, reason);
		assertThat(client.received()).as("frames before the close").isEmpty();
	}

	private static String connectionId(StreamsTestConnection client) {
		List<JsonNode> frames = client.received();
		return frames.get(0).path("data").path("connectionId").asString();
	}

}
