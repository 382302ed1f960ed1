package io.wsstreams.broker.redis;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of presence, of the per-user connection count and of topic occupancy, each a resource
 * beside this class.
 */
final class RedisScripts {

	static final RedisScript<?> PRESENCE_JOIN = load("presence-join.lua");

	static final RedisScript<?> PRESENCE_LEAVE = load("presence-leave.lua");

	static final RedisScript<?> PRESENCE_STATUS = load("presence-status.lua");

	static final RedisScript<?> PRESENCE_EXPIRE = load("presence-expire.lua");

	static final RedisScript<?> USER_ADMIT = load("user-admit.lua");

	static final RedisScript<?> OCCUPANCY_SUBSCRIBE = load("occupancy-subscribe.lua");

	static final RedisScript<?> OCCUPANCY_UNSUBSCRIBE = load("occupancy-unsubscribe.lua");

	static final RedisScript<?> OCCUPANCY_EXPIRE = load("occupancy-expire.lua");

	private RedisScripts() {
	}

	private static RedisScript<?> load(String name) {
		return RedisScript.of(new ClassPathResource(name, RedisScripts.class), List.class);
	}

}
