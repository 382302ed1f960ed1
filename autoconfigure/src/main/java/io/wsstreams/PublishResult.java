package io.wsstreams;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a publication.
 *
 * @param id the id the message got in its topic's log for {@code streams} features, or
 * {@code null} for {@code pub-sub}
 */
public record PublishResult(@Nullable String id) {

	/** The result of a live ({@code pub-sub}) publication, which has no id. */
	public static final PublishResult LIVE = new PublishResult(null);

}
