package io.wsstreams.broker.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The runtime hints of the Redis broker in a native image: the Lua scripts that
 * {@link RedisScripts} and {@link LogScripts} load from the classpath.
 */
class RedisBrokerRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// The scripts are beside the classes of this package (not read from RedisScripts,
		// which needs Spring Data Redis, an optional dependency, to load).
		hints.resources().registerPattern(getClass().getPackageName().replace('.', '/') + "/*.lua");
	}

}
