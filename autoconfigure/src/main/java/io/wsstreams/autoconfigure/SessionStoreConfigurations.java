package io.wsstreams.autoconfigure;

import io.wsstreams.session.InMemorySessionRepository;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The session stores {@link WsStreamsSessionAutoConfiguration} chooses from.
 */
final class SessionStoreConfigurations {

	private SessionStoreConfigurations() {
	}

	/**
	 * ws-streams' in-memory store, for a single node, and the filter that makes HTTP
	 * requests use it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SessionRepository.class)
	static class InMemory {

		@Bean
		InMemorySessionRepository sessionRepository(ApplicationEventPublisher events, WsStreamsProperties properties,
				Environment environment) {
			return new InMemorySessionRepository(events,
					SessionStoreTimeout.determine(properties.getSession(), environment));
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(SessionRepositoryFilter.class)
		@Import(SpringHttpSessionConfiguration.class)
		static class SessionFilterConfiguration {

		}

	}

}
