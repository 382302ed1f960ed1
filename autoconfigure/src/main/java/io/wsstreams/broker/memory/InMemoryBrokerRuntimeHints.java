package io.wsstreams.broker.memory;

import io.wsstreams.broker.memory.InMemoryPresenceStore.StatusChange;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The runtime hints of the in-memory broker in a native image: the data of presence
 * {@code update} events, which Jackson writes.
 */
class InMemoryBrokerRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), StatusChange.class);
	}

}
