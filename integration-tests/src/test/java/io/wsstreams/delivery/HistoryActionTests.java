package io.wsstreams.delivery;

import java.util.List;

import io.wsstreams.it.Sockets;
import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.it.StreamsSocketTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@StreamsSocketTest
class HistoryActionTests extends StreamsSocketSupport {

	private static final String STREAM = "room:history-action";

	StreamsTestConnection client;

	List<String> published;

	@BeforeEach
	void sixMessagesAndAClient() {
		String stream = STREAM + "-" + System.nanoTime();
		this.published = publish(stream, "log", 6);
		this.client = this.sockets.join("alice", stream, "log");
		Sockets.untilSynced(this.client, "log");
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void historyWithoutBeforePagesBackFromTheNewest() {
		JsonNode page = history("{\"limit\":2}");
		assertThat(ids(page)).containsExactlyElementsOf(this.published.subList(4, 6));
		assertThat(page.path("more").asBoolean()).isTrue();
	}

	@Test
	void historyBeforeAnIdReturnsOlderMessagesOldestFirst() {
		JsonNode page = history("{\"before\":\"" + this.published.get(4) + "\",\"limit\":2}");
		assertThat(ids(page)).containsExactlyElementsOf(this.published.subList(2, 4));
		assertThat(page.path("more").asBoolean()).isTrue();
		assertThat(page.path("messages").get(0).path("data").path("n").asInt()).isEqualTo(2);
	}

	@Test
	void historyReachingTheOldestMessageHasNoMore() {
		JsonNode page = history("{\"before\":\"" + this.published.get(2) + "\",\"limit\":2}");
		assertThat(ids(page)).containsExactlyElementsOf(this.published.subList(0, 2));
		assertThat(page.path("more").asBoolean()).isFalse();
		JsonNode empty = history("{\"before\":\"" + this.published.get(0) + "\"}");
		assertThat(empty.path("messages").isEmpty()).isTrue();
		assertThat(empty.path("more").asBoolean()).isFalse();
	}

	@Test
	void historyLimitIsCappedByMaxHistoryPage() {
		JsonNode page = history("{\"before\":\"" + this.published.get(5) + "\",\"limit\":100}");
		assertThat(ids(page)).containsExactlyElementsOf(this.published.subList(2, 5));
		assertThat(page.path("more").asBoolean()).isTrue();
	}

	@Test
	void historyWithoutLimitUsesTheHistoryCountCappedByMaxHistoryPage() {
		JsonNode page = history("{}");
		assertThat(ids(page)).containsExactlyElementsOf(this.published.subList(3, 6));
		assertThat(page.path("more").asBoolean()).isTrue();
	}

	@Test
	void historyWalksBackThroughTheWholeLogWithoutGapsOrDuplicates() {
		List<String> seen = new java.util.ArrayList<>();
		String before = null;
		boolean more = true;
		while (more) {
			JsonNode page = history((before != null) ? "{\"before\":\"" + before + "\",\"limit\":2}" : "{\"limit\":2}");
			List<String> ids = ids(page);
			seen.addAll(0, ids);
			before = ids.get(0);
			more = page.path("more").asBoolean();
		}
		assertThat(seen).containsExactlyElementsOf(this.published);
	}

	@Test
	void historyWithABadBeforeFailsValidation() {
		for (String data : List.of("{\"before\":\"nope\"}", "{\"before\":12}", "{\"before\":\"1-2-3\"}")) {
			JsonNode error = send(data);
			assertThat(error.path("type").asString()).as(data).isEqualTo("error");
			assertThat(error.path("code").asString()).as(data).isEqualTo("VALIDATION_FAILED");
			assertThat(error.path("details").get(0).path("field").asString()).as(data).isEqualTo("before");
		}
	}

	@Test
	void historyWithABadLimitFailsValidation() {
		for (String data : List.of("{\"limit\":0}", "{\"limit\":-1}", "{\"limit\":\"3\"}", "{\"limit\":1.5}")) {
			JsonNode error = send(data);
			assertThat(error.path("code").asString()).as(data).isEqualTo("VALIDATION_FAILED");
			assertThat(error.path("details").get(0).path("field").asString()).as(data).isEqualTo("limit");
		}
	}

	private JsonNode history(String data) {
		JsonNode reply = send(data);
		assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("reply");
		assertThat(reply.has("id")).isFalse();
		return reply.path("data");
	}

	private JsonNode send(String data) {
		String ref = "h" + System.nanoTime();
		this.client.sendText("{\"type\":\"log\",\"action\":\"history\",\"ref\":\"" + ref + "\",\"data\":" + data + "}");
		return this.client.next((frame) -> ref.equals(frame.path("ref").asString()));
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new java.util.ArrayList<>();
		page.path("messages").forEach((message) -> ids.add(message.path("id").asString()));
		return ids;
	}

}
