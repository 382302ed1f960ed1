package io.wsstreams.pusher;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PusherNames} and {@link PusherChannelType}.
 */
class PusherNamesTests {

	@Test
	void documentedExampleChannelNameIsValid() {
		assertThat(PusherNames.channelNameProblem("foo-bar_1234@=,.;")).isNull();
		assertThat(PusherNames.isValidChannelName("private-encrypted-Chat.Room;1")).isTrue();
	}

	@Test
	void channelNamesHaveAtMost164CharactersPrefixIncluded() {
		String longest = "presence-" + "a".repeat(164 - "presence-".length());
		assertThat(PusherNames.isValidChannelName(longest)).isTrue();
		assertThat(PusherNames.channelNameProblem(longest + "a")).contains("at most 164");
	}

	@Test
	void channelNamesOutsideTheAllowedCharactersAreRefused() {
		for (String name : new String[] { "a b", "a/b", "a:b", "a*b", "é", "a\nb", "a+b", "a|b" }) {
			assertThat(PusherNames.channelNameProblem(name)).as(name).contains("may only contain");
		}
		assertThat(PusherNames.channelNameProblem("")).contains("empty");
		assertThat(PusherNames.channelNameProblem("private-")).contains("bare");
		assertThat(PusherNames.channelNameProblem("presence-")).contains("bare");
	}

	@Test
	void hashIsReservedSoServerToUserChannelsCannotBeCreated() {
		assertThat(PusherNames.channelNameProblem("#server-to-user-42")).contains("'#'");
		assertThat(PusherNames.channelNameProblem("a#b")).contains("'#'");
		assertThat(PusherNames.isServerToUserChannel("#server-to-user-42")).isTrue();
		assertThat(PusherNames.isServerToUserChannel("server-to-user-42")).isFalse();
	}

	@Test
	void channelTypesFollowThePrefixes() {
		assertThat(PusherChannelType.of("chat")).isEqualTo(PusherChannelType.PUBLIC);
		assertThat(PusherChannelType.of("private-chat")).isEqualTo(PusherChannelType.PRIVATE);
		assertThat(PusherChannelType.of("private-encrypted-chat")).isEqualTo(PusherChannelType.PRIVATE_ENCRYPTED);
		assertThat(PusherChannelType.of("presence-chat")).isEqualTo(PusherChannelType.PRESENCE);
		assertThat(PusherChannelType.of("privatechat")).isEqualTo(PusherChannelType.PUBLIC);
		assertThat(PusherChannelType.of("Private-chat")).isEqualTo(PusherChannelType.PUBLIC);
		assertThat(PusherChannelType.PUBLIC.requiresAuthorization()).isFalse();
		assertThat(PusherChannelType.PUBLIC.acceptsClientEvents()).isFalse();
		for (PusherChannelType type : new PusherChannelType[] { PusherChannelType.PRIVATE,
				PusherChannelType.PRIVATE_ENCRYPTED, PusherChannelType.PRESENCE }) {
			assertThat(type.requiresAuthorization()).as(type.name()).isTrue();
			assertThat(type.acceptsClientEvents()).as(type.name()).isTrue();
		}
	}

	@Test
	void eventNames() {
		assertThat(PusherNames.eventNameProblem("my-event")).isNull();
		assertThat(PusherNames.eventNameProblem("e".repeat(200))).isNull();
		assertThat(PusherNames.eventNameProblem("e".repeat(201))).contains("at most 200");
		assertThat(PusherNames.eventNameProblem("")).contains("empty");
		assertThat(PusherNames.clientEventNameProblem("client-typing")).isNull();
		assertThat(PusherNames.clientEventNameProblem("typing")).contains("'client-'");
		assertThat(PusherNames.clientEventNameProblem("pusher:subscribe")).contains("'client-'");
		assertThat(PusherNames.clientEventNameProblem("client-" + "e".repeat(194))).contains("at most 200");
		assertThat(PusherNames.isClientEvent("client-x")).isTrue();
		assertThat(PusherNames.isClientEvent("Client-x")).isFalse();
	}

	@Test
	void socketIdsAreTwoNumbersJoinedByADot() {
		assertThat(PusherNames.isValidSocketId("1234.1234")).isTrue();
		assertThat(PusherNames.isValidSocketId("123.456")).isTrue();
		for (String invalid : new String[] { "", "1234", "1234.", ".1234", "1.2.3", "a.1", "1.1\n", " 1.1",
				"１.１" }) {
			assertThat(PusherNames.isValidSocketId(invalid)).as(invalid).isFalse();
		}
		assertThat(PusherNames.isValidSocketId(null)).isFalse();
	}

	@Test
	void newSocketIdsAreValidAndDistinct() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String id = PusherNames.newSocketId();
			assertThat(PusherNames.isValidSocketId(id)).as(id).isTrue();
			ids.add(id);
		}
		assertThat(ids).hasSize(1000);
	}

}
