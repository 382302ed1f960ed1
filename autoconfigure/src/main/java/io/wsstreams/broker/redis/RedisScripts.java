package io.wsstreams.broker.redis;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scripting.support.ResourceScriptSource;

/**
 * The Lua scripts of the Redis broker, each a resource beside this class.
 */
final class RedisScripts {

	static final RedisScript<List> PRESENCE_JOIN = load("presence-join.lua", List.class);

	static final RedisScript<String> PRESENCE_LEAVE = load("presence-leave.lua", String.class);

	static final RedisScript<String> PRESENCE_STATUS = load("presence-status.lua", String.class);

	static final RedisScript<Long> PRESENCE_EXPIRE = load("presence-expire.lua", Long.class);

	static final RedisScript<Long> USER_ADMIT = load("user-admit.lua", Long.class);

	private RedisScripts() {
	}

	static <T> RedisScript<T> load(String name, Class<T> type) {
		DefaultRedisScript<T> script = new DefaultRedisScript<>();
		script.setScriptSource(new ResourceScriptSource(new ClassPathResource(name, RedisScripts.class)));
		script.setResultType(type);
		return script;
	}

}
