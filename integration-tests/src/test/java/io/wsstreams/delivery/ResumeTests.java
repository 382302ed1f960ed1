package io.wsstreams.delivery;

import java.util.List;
import java.util.Map;

import io.wsstreams.it.Sockets;
import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.it.StreamsSocketTest;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@StreamsSocketTest
class ResumeTests extends StreamsSocketSupport {

	@Test
	void resumeReceivesExactlyTheMissedMessagesInOrder() {
		List<String> published = publish("room:resume-1", "log", 6);
		Sockets.Join join = resume("room:resume-1", "log", published.get(2));
		assertThat(join.ids()).containsExactlyElementsOf(published.subList(3, 6));
		assertThat(join.recovered()).isTrue();
		assertThat(join.last()).isEqualTo(published.get(5));
	}

	@Test
	void resumeFromTheNewestIdReceivesNothingAndIsRecovered() {
		List<String> published = publish("room:resume-2", "log", 3);
		Sockets.Join join = resume("room:resume-2", "log", published.get(2));
		assertThat(join.replay()).isEmpty();
		assertThat(join.recovered()).isTrue();
		assertThat(join.last()).isEqualTo(published.get(2));
	}

	@Test
	void resumeIsNotLimitedToTheHistoryCount() {
		List<String> published = publish("room:resume-3", "chat", 12);
		Sockets.Join join = resume("room:resume-3", "chat", published.get(0));
		assertThat(join.ids()).containsExactlyElementsOf(published.subList(1, 12));
		assertThat(join.recovered()).isTrue();
	}

	@Test
	void resumeFromAnIdTrimmedByMaxCountIsNotRecoveredAndReplaysWhatIsKept() {
		List<String> published = publish("room:resume-4", "log", 12);
		Sockets.Join join = resume("room:resume-4", "log", published.get(1));
		assertThat(join.recovered()).isFalse();
		assertThat(join.ids()).containsExactlyElementsOf(published.subList(4, 12));
		assertThat(join.last()).isEqualTo(published.get(11));
	}

	@Test
	void resumeFromTheLastTrimmedIdIsStillRecovered() {
		List<String> published = publish("room:resume-5", "log", 9);
		Sockets.Join join = resume("room:resume-5", "log", published.get(0));
		assertThat(join.recovered()).isTrue();
		assertThat(join.ids()).containsExactlyElementsOf(published.subList(1, 9));
	}

	@Test
	void resumeFromAWellFormedIdTheLogNeverIssuedIsNotRecovered() {
		List<String> published = publish("room:resume-6", "log", 3);
		StreamId first = StreamId.parse(published.get(0));
		Sockets.Join join = resume("room:resume-6", "log", new StreamId(first.millis() - 1, 7).toString());
		assertThat(join.recovered()).isFalse();
		assertThat(join.ids()).containsExactlyElementsOf(published);
	}

	@Test
	void resumeFromAGarbageIdIsNotRecoveredAndReplaysTheHistory() {
		List<String> published = publish("room:resume-7", "log", 7);
		for (String garbage : List.of("garbage", "12-", "-3", "1-2-3", "99999999999999999999999-0")) {
			Sockets.Join join = resume("room:resume-7", "log", garbage);
			assertThat(join.recovered()).as(garbage).isFalse();
			assertThat(join.ids()).as(garbage).containsExactlyElementsOf(published.subList(2, 7));
			assertThat(join.last()).as(garbage).isEqualTo(published.get(6));
		}
	}

	@Test
	void resumeOnATopicWithNoLogIsNotRecovered() {
		Sockets.Join join = resume("room:resume-8", "log", "1700000000000-0");
		assertThat(join.recovered()).isFalse();
		assertThat(join.replay()).isEmpty();
		assertThat(join.last()).isNull();
	}

	@Test
	void resumeThenReceivesLiveMessagesWithoutDuplicates() {
		List<String> published = publish("room:resume-9", "log", 3);
		try (StreamsTestConnection client = this.sockets.connect("alice", "room:resume-9", "log", "log:" + published.get(0))) {
			Sockets.Join join = Sockets.untilSynced(client, "log");
			assertThat(join.ids()).containsExactlyElementsOf(published.subList(1, 3));
			String live = this.publisher.publish("room:resume-9", "log", Map.of("n", 3)).id();
			assertThat(client.next().path("id").asString()).isEqualTo(live);
			assertThat(client.drain()).isEmpty();
		}
	}

	@Test
	void idsAreStrictlyIncreasingAndOfTheFormMillisDashSequenceWhenManyShareAMillisecond() {
		List<String> published = publish("room:resume-10", "chat", 500);
		assertThat(published).allMatch((id) -> id.matches("\\d{13}-\\d+"));
		List<StreamId> ids = published.stream().map(StreamId::parse).toList();
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(ids.stream().filter((id) -> id.sequence() > 0)).isNotEmpty();
		try (StreamsTestConnection client = this.sockets.connect("alice", "room:resume-10", "chat", "chat:" + published.get(0))) {
			assertThat(Sockets.untilSynced(client, "chat").ids()).containsExactlyElementsOf(published.subList(1, 500));
		}
	}

	private Sockets.Join resume(String stream, String feature, String since) {
		try (StreamsTestConnection client = this.sockets.connect("alice", stream, feature, feature + ":" + since)) {
			client.next("welcome");
			return Sockets.untilSynced(client, feature);
		}
	}

}
