package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs commands on the application's Redis connection, asynchronously through Lettuce,
 * and waits for each answer no longer than the timeout: a command that Redis does not
 * answer in time fails, and is cancelled unless it was written already, so that it does
 * not run once Redis is back. While Redis is known to be unreachable, commands fail at
 * once.
 */
final class RedisCommands {

	private final LettuceConnectionFactory connectionFactory;

	private final Duration timeout;

	private final BooleanSupplier reachable;

	RedisCommands(LettuceConnectionFactory connectionFactory, Duration timeout, BooleanSupplier reachable) {
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
		this.reachable = reachable;
	}

	Duration timeout() {
		return this.timeout;
	}

	/**
	 * Runs a command and waits for its answer.
	 * @param <T> the answer's type
	 * @param command issues the command
	 * @param what the command, for messages
	 * @return the answer
	 * @throws DataAccessException when Redis is unreachable, fails the command or does not
	 * answer within the timeout
	 */
	<T> T call(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command, String what) {
		if (!this.reachable.getAsBoolean()) {
			throw new RedisConnectionFailureException("Redis is unreachable: cannot " + what);
		}
		RedisFuture<T> future;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			future = command.apply(nativeCommands(connection));
		}
		return await(future, what);
	}

	/**
	 * Runs a script by its digest, loading it first when Redis does not have it.
	 * @param script the script
	 * @param keys its keys
	 * @param args its arguments
	 * @param what the script's purpose, for messages
	 * @return the script's reply, a list of byte arrays
	 */
	List<byte[]> script(RedisScript<?> script, byte[][] keys, byte[][] args, String what) {
		try {
			return call((redis) -> redis.evalsha(script.getSha1(), ScriptOutputType.MULTI, keys, args), what);
		}
		catch (RedisSystemException ex) {
			if (!(ex.getCause() instanceof RedisNoScriptException)) {
				throw ex;
			}
			return call((redis) -> redis.eval(script.getScriptAsString(), ScriptOutputType.MULTI, keys, args), what);
		}
	}

	/**
	 * Waits for an answer no longer than the timeout.
	 * @param <T> the answer's type
	 * @param future the pending answer
	 * @param what the command, for messages
	 * @return the answer
	 */
	<T> T await(RedisFuture<T> future, String what) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new QueryTimeoutException(
					"Redis did not answer within " + this.timeout + " (ws-streams.redis.timeout): cannot " + what, ex);
		}
		catch (InterruptedException ex) {
			future.cancel(false);
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis to " + what, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				DataAccessException translated = this.connectionFactory.translateExceptionIfPossible(runtime);
				if (translated != null && !(cause instanceof RedisNoScriptException)) {
					throw translated;
				}
			}
			throw new RedisSystemException("Redis failed to " + what, cause);
		}
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<byte[], byte[]> nativeCommands(RedisConnection connection) {
		return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
	}

}
