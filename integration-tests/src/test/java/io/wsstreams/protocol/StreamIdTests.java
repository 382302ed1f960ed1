package io.wsstreams.protocol;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamIdTests {

	@Test
	void firstIdOfALogIsTheCurrentMillisecondWithSequenceZero() {
		assertThat(StreamId.next(null, 1_700_000_000_123L)).hasToString("1700000000123-0");
	}

	@Test
	void idsInTheSameMillisecondIncrementTheSequence() {
		List<StreamId> ids = generate(1_700_000_000_000L, 1000);
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(ids.get(999)).hasToString("1700000000000-999");
	}

	@Test
	void idsStayStrictlyIncreasingWhenTheClockStepsBack() {
		StreamId last = StreamId.next(null, 2_000L);
		StreamId afterStepBack = StreamId.next(last, 1_000L);
		assertThat(afterStepBack).hasToString("2000-1").isGreaterThan(last);
		assertThat(StreamId.next(afterStepBack, 1_500L)).hasToString("2000-2");
		assertThat(StreamId.next(afterStepBack, 2_001L)).hasToString("2001-0");
	}

	@Test
	void idsFromAClockThatJittersBackAndForthAreStrictlyIncreasing() {
		List<StreamId> ids = new ArrayList<>();
		StreamId last = null;
		long[] clock = { 10, 10, 12, 11, 9, 12, 13, 13, 5, 14 };
		for (long now : clock) {
			last = StreamId.next(last, now);
			ids.add(last);
		}
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(ids).extracting(StreamId::toString)
			.containsExactly("10-0", "10-1", "12-0", "12-1", "12-2", "12-3", "13-0", "13-1", "13-2", "14-0");
	}

	@Test
	void parseReadsWhatToStringWritesAndRejectsOtherText() {
		StreamId id = new StreamId(1_700_000_000_000L, 42);
		assertThat(StreamId.parse(id.toString())).isEqualTo(id);
		assertThat(StreamId.parse(null)).isNull();
		for (String text : List.of("", "-", "1-", "-1", "a-1", "1-b", "1-2-3", "-1-2", "1--2", "1.5-2",
				"99999999999999999999-0")) {
			assertThat(StreamId.parse(text)).as(text).isNull();
		}
	}

	@Test
	void idsCompareByMillisThenSequence() {
		assertThat(new StreamId(1, 99)).isLessThan(new StreamId(2, 0));
		assertThat(new StreamId(2, 1)).isGreaterThan(new StreamId(2, 0));
		assertThat(new StreamId(2, 1)).isEqualByComparingTo(StreamId.parse("2-1"));
	}

	private static List<StreamId> generate(long now, int count) {
		List<StreamId> ids = new ArrayList<>();
		StreamId last = null;
		for (int i = 0; i < count; i++) {
			last = StreamId.next(last, now);
			ids.add(last);
		}
		return ids;
	}

}
