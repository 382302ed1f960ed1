package io.wsstreams.sample;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.wsstreams.session.OriginPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Refuses state-changing requests to the API from foreign origins with 403, so that a
 * hostile page cannot sign a user in or out, or post in their name, with the session
 * cookie the browser attaches (cross-site request forgery).
 *
 * <p>An {@code Origin} is judged exactly as ws-streams judges it at the WebSocket
 * handshake, with the same {@link OriginPolicy}: no {@code Origin} (native clients,
 * curl) and the request's own origin are allowed, and so are the origins listed in
 * {@code ws-streams.allowed-origins} or matching {@code ws-streams.allowed-origin-patterns}.
 * Safe methods ({@code GET}, {@code HEAD}, {@code OPTIONS}) are never checked.
 */
final class OriginCheckFilter extends OncePerRequestFilter {

	/**
	 * The paths whose state-changing requests are checked: the API, and the endpoints that
	 * authorize Pusher clients, which are covered by path whether or not they are present.
	 */
	static final List<String> PATHS = List.of("/api/**", "/pusher/auth", "/pusher/user-auth");

	private static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(),
			HttpMethod.OPTIONS.name());

	private final OriginPolicy origins;

	private final JsonMapper json;

	private final List<PathPattern> paths;

	/**
	 * Creates a filter.
	 * @param origins the origins that may send state-changing requests
	 * @param json writes the error body
	 */
	OriginCheckFilter(OriginPolicy origins, JsonMapper json) {
		this.origins = origins;
		this.json = json;
		this.paths = PATHS.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (SAFE_METHODS.contains(request.getMethod())) {
			return true;
		}
		// Parsed as Spring MVC parses it for mapping, so that an encoded or decorated path
		// that reaches a handler also matches here.
		PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath())
			.pathWithinApplication();
		return this.paths.stream().noneMatch((pattern) -> pattern.matches(path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.origins.allows(new ServletServerHttpRequest(request))) {
			chain.doFilter(request, response);
			return;
		}
		// A problem detail as the API's other errors are written (ApiExceptionHandler).
		HttpStatus status = HttpStatus.FORBIDDEN;
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("detail", "Requests from another origin are not allowed");
		problem.put("instance", request.getRequestURI());
		problem.put("status", status.value());
		problem.put("title", status.getReasonPhrase());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
