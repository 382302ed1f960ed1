package io.wsstreams.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a running application's actuator endpoints over HTTP.
 */
final class Actuator {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	Actuator(int port) {
		this.base = "http://localhost:" + port + "/actuator";
	}

	Response get(String path) {
		return send(request(path).GET());
	}

	Response post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
	}

	Response delete(String path) {
		return send(request(path).DELETE());
	}

	/**
	 * The summary of {@code GET /actuator/streams}.
	 * @return the summary
	 */
	JsonNode streams() {
		Response response = get("/streams");
		if (response.status() != 200) {
			throw new AssertionError("GET /actuator/streams: " + response);
		}
		return response.json();
	}

	/**
	 * The Prometheus scrape.
	 * @return the text format
	 */
	String prometheus() {
		Response response = get("/prometheus");
		if (response.status() != 200) {
			throw new AssertionError("GET /actuator/prometheus: " + response);
		}
		return response.body();
	}

	/**
	 * The value of one sample in a Prometheus scrape.
	 * @param scrape the scrape
	 * @param sample the sample's name and labels as scraped, such as
	 * {@code ws_streams_connections_open} or
	 * {@code ws_streams_messages_total{direction="in",feature="echo"}}
	 * @return the value
	 */
	static double sample(String scrape, String sample) {
		for (String line : scrape.split("\n")) {
			if (line.startsWith(sample + " ")) {
				return Double.parseDouble(line.substring(sample.length() + 1).trim().split(" ")[0]);
			}
		}
		throw new AssertionError("No sample " + sample + " in:\n" + scrape);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(10));
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			var response = HTTP.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param body the body
	 */
	record Response(int status, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
