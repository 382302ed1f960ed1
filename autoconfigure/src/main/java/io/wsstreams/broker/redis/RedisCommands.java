package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongFunction;

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
 * answer in time fails, and is cancelled, so that Lettuce does not send it (again) after
 * it reconnected; one that was sent already may still run once Redis reads it. A timeout
 * is reported, so that Redis counts as unreachable until it answers again. While Redis is
 * known to be unreachable, commands fail at once.
 */
final class RedisCommands {

	private final LettuceConnectionFactory connectionFactory;

	private final Duration timeout;

	private final BooleanSupplier reachable;

	private final Runnable unanswered;

	/** Makes numbered commands leave in the order of their numbers. */
	private final Object numbering = new Object();

	/** The number of the last numbered command; guarded by {@link #numbering}. */
	private long numbered;

	/**
	 * Creates the commands.
	 * @param connectionFactory the application's connection factory
	 * @param timeout the longest wait for an answer
	 * @param reachable whether Redis is thought reachable
	 * @param unanswered told when Redis did not answer a command within the timeout
	 */
	RedisCommands(LettuceConnectionFactory connectionFactory, Duration timeout, BooleanSupplier reachable,
			Runnable unanswered) {
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
		this.reachable = reachable;
		this.unanswered = unanswered;
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
		return await(send(command, what), what);
	}

	/**
	 * Sends a command without waiting for its answer.
	 * @param <T> the answer's type
	 * @param command issues the command
	 * @param what the command, for messages
	 * @return the pending answer, for {@link #await}
	 * @throws DataAccessException when Redis is known to be unreachable
	 */
	<T> RedisFuture<T> send(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command,
			String what) {
		if (!this.reachable.getAsBoolean()) {
			throw new RedisConnectionFailureException("Redis is unreachable: cannot " + what);
		}
		return issue(command);
	}

	private <T> RedisFuture<T> issue(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return command.apply(nativeCommands(connection));
		}
	}

	/**
	 * Numbers a command and sends it, without waiting for its answer. Numbers grow in the
	 * order the commands are sent, so that over the shared connection they reach Redis in
	 * the order of their numbers, and a command that Lettuce sends again after a
	 * reconnect can be told by its number.
	 * @param <T> the answer's type
	 * @param command sends the command with its number, such as with {@link #send}
	 * @return the pending answer, for {@link #await}
	 */
	<T> RedisFuture<T> sendNumbered(LongFunction<RedisFuture<T>> command) {
		synchronized (this.numbering) {
			return command.apply(++this.numbered);
		}
	}

	/**
	 * Sends a {@code PING}, also while Redis is thought unreachable, and waits for its
	 * answer.
	 * @throws DataAccessException when Redis does not answer within the timeout
	 */
	void ping() {
		await(issue(RedisClusterAsyncCommands::ping), "answer a PING");
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
			return await(sendScript(script, false, keys, args, what), what);
		}
		catch (RedisSystemException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			return await(sendScript(script, true, keys, args, what), what);
		}
	}

	/**
	 * Runs a script whose keys and arguments are text, loading it first when Redis does
	 * not have it.
	 * @param script the script
	 * @param keys its keys
	 * @param what the script's purpose, for messages
	 * @param args its arguments
	 * @return the script's reply
	 */
	List<byte[]> script(RedisScript<?> script, List<String> keys, String what, String... args) {
		return script(script, RedisNames.bytes(keys), RedisNames.bytes(List.of(args)), what);
	}

	/**
	 * Sends a script without waiting for its answer.
	 * @param script the script
	 * @param load {@code false} to send its digest, {@code true} its text, which also loads
	 * it
	 * @param keys its keys
	 * @param args its arguments
	 * @param what the script's purpose, for messages
	 * @return the pending reply, a list of byte arrays
	 */
	RedisFuture<List<byte[]>> sendScript(RedisScript<?> script, boolean load, byte[][] keys, byte[][] args,
			String what) {
		return send((redis) -> load ? redis.eval(script.getScriptAsString(), ScriptOutputType.MULTI, keys, args)
				: redis.evalsha(script.getSha1(), ScriptOutputType.MULTI, keys, args), what);
	}

	/**
	 * Whether a script failed because Redis does not have it, as after a restart.
	 * @param ex the failure
	 * @return {@code true} when the script is to be sent again with its text
	 */
	static boolean isNoScript(RuntimeException ex) {
		return ex instanceof RedisSystemException && ex.getCause() instanceof RedisNoScriptException;
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
			this.unanswered.run();
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
