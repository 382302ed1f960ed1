package io.wsstreams.feature;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.wsstreams.DeliveryStrategy;
import org.jspecify.annotations.Nullable;

/**
 * A declared feature: its name, strategy and handler methods.
 *
 * @param name the feature name
 * @param strategy the delivery strategy
 * @param beanName the bean that declared it, for messages
 * @param beanType the class of that bean
 * @param actions the action handlers by action name
 * @param onJoin callbacks run when a connection selecting the feature is welcomed
 * @param onLeave callbacks run when such a connection closes
 * @param reservedActions actions the feature's delivery answers itself, which no handler
 * method may take
 */
public record FeatureDefinition(String name, DeliveryStrategy strategy, String beanName, Class<?> beanType,
		Map<String, HandlerMethod> actions, List<HandlerMethod> onJoin, List<HandlerMethod> onLeave,
		Set<String> reservedActions, ExceptionHandlers exceptionHandlers) {

	public FeatureDefinition(String name, DeliveryStrategy strategy, String beanName, Class<?> beanType,
			Map<String, HandlerMethod> actions, List<HandlerMethod> onJoin, List<HandlerMethod> onLeave,
			Set<String> reservedActions) {
		this(name, strategy, beanName, beanType, actions, onJoin, onLeave, reservedActions, ExceptionHandlers.NONE);
	}

	/**
	 * The handler of an action.
	 * @param action the action name
	 * @return the handler, or {@code null} when the feature has none
	 */
	public @Nullable HandlerMethod action(String action) {
		return this.actions.get(action);
	}

}
