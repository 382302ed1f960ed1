package io.wsstreams.dispatch;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.wsstreams.OnJoin;
import io.wsstreams.OnLeave;
import io.wsstreams.StreamAuthorizer;
import io.wsstreams.StreamError;
import io.wsstreams.StreamErrorException;
import io.wsstreams.StreamUser;
import io.wsstreams.StreamValidationException;
import io.wsstreams.connection.FrameDispatcher;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.delivery.DefaultStreamPublisher;
import io.wsstreams.delivery.Deliveries;
import io.wsstreams.delivery.ReservedAction;
import io.wsstreams.dispatch.PayloadConverter.InvalidPayloadException;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.HandlerMethod;
import io.wsstreams.observation.DefaultDispatchObservationConvention;
import io.wsstreams.observation.DispatchContext;
import io.wsstreams.observation.DispatchObservationConvention;
import io.wsstreams.protocol.ErrorCode;
import io.wsstreams.protocol.InboundFrame;
import io.wsstreams.protocol.OutboundFrames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;


/**
 * Invokes feature handler methods for inbound frames and answers them.
 *
 * <p>Runs on the container thread that read the frame, so a connection's frames are
 * handled one at a time, in order. A failing handler is logged with the connection id
 * and answered {@code INTERNAL_ERROR}; its exception never reaches the client.
 */
public final class FeatureDispatcher implements FrameDispatcher {

	private static final Log logger = LogFactory.getLog(FeatureDispatcher.class);

	/** A run of one failure, such as every publish while the broker is away, logs once in 10 s. */
	private static final DispatchObservationConvention DEFAULT_CONVENTION = new DefaultDispatchObservationConvention();

	private static final String OUTCOME_SUCCESS = "SUCCESS";

	private static final String OUTCOME_APPLICATION = "APPLICATION";

	private static final FailureLog failures = new FailureLog(logger, TimeUnit.SECONDS.toNanos(10));

	private final OutboundFrames frames;

	private final PayloadConverter converter;

	private final StreamAuthorizer authorizer;

	private final DefaultStreamPublisher publisher;

	private final StreamStatistics statistics;

	private final Deliveries deliveries;

	private final ObservationRegistry observations;

	private final @Nullable DispatchObservationConvention convention;

	public FeatureDispatcher(OutboundFrames frames, tools.jackson.databind.json.JsonMapper mapper,
			@Nullable PayloadValidator validator, StreamAuthorizer authorizer, DefaultStreamPublisher publisher,
			StreamStatistics statistics, Deliveries deliveries, ObservationRegistry observations,
			@Nullable DispatchObservationConvention convention) {
		this.frames = frames;
		this.converter = new PayloadConverter(mapper, validator);
		this.authorizer = authorizer;
		this.publisher = publisher;
		this.statistics = statistics;
		this.deliveries = deliveries;
		this.observations = observations;
		this.convention = convention;
	}

	/**
	 * Dispatches a parsed frame of a connection.
	 * @param connection the connection
	 * @param frame the frame
	 * @param bytes the frame's size, for the feature's counters
	 */
	@Override
	public void dispatch(StreamConnection connection, InboundFrame frame, int bytes) {
		FeatureDefinition feature = connection.features().get(frame.type());
		if (feature == null) {
			this.statistics.inboundProtocol(bytes);
			error(connection, frame.ref(), ErrorCode.UNKNOWN_TYPE,
					"Unknown type '" + abbreviate(frame.type()) + "': not a feature of this connection");
			return;
		}
		this.statistics.inbound(feature.name(), bytes);
		ReservedAction reserved = this.deliveries.of(feature).reservedActions().get(frame.action());
		if (reserved != null) {
			reservedAction(connection, feature, frame, reserved);
			return;
		}
		HandlerMethod handler = feature.action(frame.action());
		if (handler == null) {
			error(connection, frame.ref(), ErrorCode.UNKNOWN_ACTION, "Unknown action '" + abbreviate(frame.action())
					+ "' for feature '" + feature.name() + "'");
			return;
		}
		StreamUser user = connection.user();
		DispatchContext observed = new DispatchContext(feature.name(), frame.action(), connection.stream(),
				(user != null) ? user.id() : null);
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> observed, this.observations)
			.start();
		if (!this.authorizer.canSend(connection.user(), connection.stream(), feature.name(), frame.action())) {
			error(connection, frame.ref(), ErrorCode.FORBIDDEN,
					"Forbidden: " + feature.name() + "." + abbreviate(frame.action()));
			stop(observation, observed, ErrorCode.FORBIDDEN.name(), null);
			return;
		}
		Object payload;
		try {
			payload = this.converter.convert(handler, frame.data());
		}
		catch (InvalidPayloadException ex) {
			invalid(connection, frame.ref(), new StreamValidationException(ex.errors()));
			stop(observation, observed, ErrorCode.VALIDATION_FAILED.name(), null);
			return;
		}
		ConnectionContext context = new ConnectionContext(connection, feature, this.publisher, this.frames);
		Object result;
		Object security = SecurityScope.enter(connection.principal());
		try (Observation.Scope scope = observation.openScope()) {
			result = handler.invoke(context, this.publisher, frame.data(), payload);
		}
		catch (StreamValidationException ex) {
			invalid(connection, frame.ref(), ex);
			stop(observation, observed, ErrorCode.VALIDATION_FAILED.name(), null);
			return;
		}
		catch (Throwable ex) {
			stop(observation, observed, failed(connection, frame, feature, context, handler, ex), ex);
			return;
		}
		finally {
			SecurityScope.exit(security);
		}
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, failure) -> {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (cause instanceof StreamValidationException invalid) {
					invalid(connection, frame.ref(), invalid);
					stop(observation, observed, ErrorCode.VALIDATION_FAILED.name(), null);
				}
				else if (cause != null) {
					stop(observation, observed, failed(connection, frame, feature, context, handler, cause), cause);
				}
				else {
					reply(connection, frame, context, value);
					stop(observation, observed, OUTCOME_SUCCESS, null);
				}
			});
		}
		else {
			reply(connection, frame, context, result);
			stop(observation, observed, OUTCOME_SUCCESS, null);
		}
	}

	private static void stop(Observation observation, DispatchContext context, String outcome,
			@Nullable Throwable error) {
		context.outcome(outcome);
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

	@Override
	public void notify(StreamConnection connection, FeatureDefinition feature, boolean join) {
		for (HandlerMethod callback : join ? feature.onJoin() : feature.onLeave()) {
			ConnectionContext context = new ConnectionContext(connection, feature, this.publisher, this.frames);
			Object security = SecurityScope.enter(connection.principal());
			try {
				callback.invoke(context, this.publisher, null, null);
			}
			catch (Throwable ex) {
				logger.error("Feature '" + feature.name() + "': " + callback + " failed for connection "
						+ connection.id(), ex);
			}
			finally {
				SecurityScope.exit(security);
			}
		}
	}

	private void reservedAction(StreamConnection connection, FeatureDefinition feature, InboundFrame frame,
			ReservedAction reserved) {
		if (!this.authorizer.canSend(connection.user(), connection.stream(), feature.name(), frame.action())) {
			error(connection, frame.ref(), ErrorCode.FORBIDDEN, "Forbidden: " + feature.name() + "." + frame.action());
			return;
		}
		String dataJson;
		try {
			dataJson = reserved.answer(connection, feature, frame.data());
		}
		catch (StreamValidationException ex) {
			invalid(connection, frame.ref(), ex);
			return;
		}
		catch (RuntimeException ex) {
			failures.error(feature.name() + "." + frame.action(), "Feature '" + feature.name() + "': action '"
					+ frame.action() + "' failed for connection " + connection.id(), ex);
			error(connection, frame.ref(), ErrorCode.INTERNAL_ERROR, "Internal error");
			return;
		}
		if (frame.ref() != null) {
			connection.send(this.frames.replyJson(frame.ref(), null, dataJson));
		}
	}

	private void invalid(StreamConnection connection, @Nullable String ref, StreamValidationException ex) {
		this.statistics.error(ErrorCode.VALIDATION_FAILED);
		connection.send(this.frames.error(ref, ErrorCode.VALIDATION_FAILED, "Invalid data", ex.errors()));
	}

	private void reply(StreamConnection connection, InboundFrame frame, ConnectionContext context,
			@Nullable Object value) {
		String ref = frame.ref();
		if (ref == null) {
			return;
		}
		try {
			connection.send(this.frames.reply(ref, context.lastId(), value));
		}
		catch (RuntimeException ex) {
			logger.error("Feature '" + frame.type() + "': the reply to action '" + frame.action()
					+ "' could not be serialized for connection " + connection.id(), ex);
			error(connection, ref, ErrorCode.INTERNAL_ERROR, "Internal error");
		}
	}

	private String failed(StreamConnection connection, InboundFrame frame, FeatureDefinition feature,
			ConnectionContext context, HandlerMethod handler, Throwable ex) {
		StreamError answer;
		try {
			answer = (ex instanceof StreamErrorException error) ? error.error()
					: feature.exceptionHandlers().handle(ex, context);
		}
		catch (Throwable handlerFailure) {
			handlerFailure.addSuppressed(ex);
			failures.error(handler + "/exception-handler", "Feature '" + frame.type()
					+ "': an exception handler failed on the exception of " + handler + " for connection "
					+ connection.id(), handlerFailure);
			error(connection, frame.ref(), ErrorCode.INTERNAL_ERROR, "Internal error");
			return ErrorCode.INTERNAL_ERROR.name();
		}
		if (answer != null) {
			this.statistics.applicationError();
			connection.send(this.frames.error(frame.ref(), answer.code(), answer.message(), null));
			return OUTCOME_APPLICATION;
		}
		else if (SecurityScope.isAccessDenied(ex)) {
			error(connection, frame.ref(), ErrorCode.FORBIDDEN,
					"Forbidden: " + feature.name() + "." + abbreviate(frame.action()));
			return ErrorCode.FORBIDDEN.name();
		}
		else {
			failures.error(handler.toString(), "Feature '" + frame.type() + "': " + handler + " failed on action '"
					+ frame.action() + "' for connection " + connection.id(), ex);
			error(connection, frame.ref(), ErrorCode.INTERNAL_ERROR, "Internal error");
			return ErrorCode.INTERNAL_ERROR.name();
		}
	}

	private void error(StreamConnection connection, @Nullable String ref, ErrorCode code, String message) {
		this.statistics.error(code);
		connection.send(this.frames.error(ref, code, message, null));
	}

	private static String abbreviate(String text) {
		return (text.length() <= 64) ? text : text.substring(0, 61) + "...";
	}

}
