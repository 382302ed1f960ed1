package io.wsstreams.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chat-room style application on ws-streams: sign in over HTTP, then open
 * {@code /ws?stream=channel:{id}&clients=typing,notifications} with the session cookie or
 * the {@code X-Auth-Token} header.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
