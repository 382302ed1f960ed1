package io.wsstreams.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Serves the JavaScript client at {@value #PATTERN}: the modules {@code ws-streams.js} and
 * {@code ws-streams-testing.js} and their TypeScript declarations, from
 * {@code classpath:/META-INF/resources/ws-streams/}.
 *
 * <p>Spring Boot's static resource handling would serve the same files, but the servlet
 * containers type every {@code .ts} file as {@code video/mp2t} (MPEG transport streams,
 * as HTTP live streaming serves them). Changing that mapping for the whole application
 * would break applications that stream video, so this handler types the declarations
 * ({@code .d.ts}) as {@code text/plain;charset=UTF-8} for its own path only.
 */
final class ClientScriptHandler extends ResourceHttpRequestHandler {

	/** The path the client is served under. */
	static final String PATTERN = "/ws-streams/**";

	private static final MediaType DECLARATIONS = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

	ClientScriptHandler() {
		setLocations(List.<Resource>of(new ClassPathResource("META-INF/resources/ws-streams/")));
	}

	@Override
	protected @Nullable MediaType getMediaType(HttpServletRequest request, Resource resource) {
		String filename = resource.getFilename();
		return (filename != null && filename.endsWith(".d.ts")) ? DECLARATIONS : super.getMediaType(request, resource);
	}

}
