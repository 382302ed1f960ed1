package io.wsstreams.broker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * This node's members of topics, and the broker subscriptions they need: the first
 * member of a topic subscribes the broker, the last one to leave unsubscribes it.
 *
 * <p>Members that arrive while the first one's broker subscription is under way wait for
 * it, so that none of them goes on before this node receives the topic's publications.
 *
 * @param <M> the type of members
 */
public final class TopicMembers<M> {

	private final Map<String, Set<M>> byTopic = new ConcurrentHashMap<>();

	/** The broker subscriptions under way, by topic, for the members that arrive meanwhile. */
	private final Map<String, CompletableFuture<Void>> subscribing = new ConcurrentHashMap<>();

	private final MessageBroker broker;

	/**
	 * Creates the members of a node's topics.
	 * @param broker the broker to subscribe
	 */
	public TopicMembers(MessageBroker broker) {
		this.broker = broker;
	}

	/**
	 * Adds a member to a topic. Returns once the broker has the node's subscription of
	 * the topic.
	 * @param topic the topic
	 * @param member the member
	 * @throws IllegalStateException when the broker could not subscribe, for a member
	 * that waited on another's subscription; the first member gets the broker's exception
	 */
	public void add(String topic, M member) {
		CompletableFuture<Void> created = new CompletableFuture<>();
		AtomicReference<@Nullable CompletableFuture<Void>> pending = new AtomicReference<>();
		this.byTopic.compute(topic, (key, set) -> {
			Set<M> members = set;
			if (members == null) {
				members = ConcurrentHashMap.newKeySet();
				this.subscribing.put(key, created);
				pending.set(created);
			}
			else {
				pending.set(this.subscribing.get(key));
			}
			members.add(member);
			return members;
		});
		CompletableFuture<Void> subscription = pending.get();
		if (subscription == created) {
			try {
				this.broker.subscribe(topic);
				created.complete(null);
			}
			catch (RuntimeException ex) {
				created.completeExceptionally(ex);
				throw ex;
			}
			finally {
				this.subscribing.remove(topic, created);
			}
		}
		else if (subscription != null) {
			try {
				subscription.join();
			}
			catch (CompletionException ex) {
				throw new IllegalStateException("The broker could not subscribe to topic " + topic, ex.getCause());
			}
		}
	}

	/**
	 * Removes a member from a topic; the topic's last member unsubscribes the broker.
	 * @param topic the topic
	 * @param member the member
	 */
	public void remove(String topic, M member) {
		boolean[] last = { false };
		this.byTopic.computeIfPresent(topic, (key, members) -> {
			members.remove(member);
			last[0] = members.isEmpty();
			return last[0] ? null : members;
		});
		if (last[0]) {
			this.broker.unsubscribe(topic);
		}
	}

	/**
	 * The members of a topic.
	 * @param topic the topic
	 * @return a live view, or {@code null} when the topic has none
	 */
	public @Nullable Set<M> get(String topic) {
		return this.byTopic.get(topic);
	}

	/**
	 * How many topics have members.
	 * @return the number of topics
	 */
	public int size() {
		return this.byTopic.size();
	}

}
