package io.wsstreams.bench;

import java.util.Map;

import jakarta.servlet.ServletContext;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP endpoints of {@link BenchControl} for the servers that run on Spring MVC: the
 * ws-streams server and the Spring peers, which import it.
 */
@RestController
public class BenchEndpoints {

	private final BenchControl control;

	public BenchEndpoints(BenchTarget target, ServletContext servletContext) {
		this.control = new BenchControl(target, servletContext.getServerInfo());
	}

	/**
	 * The publisher, for endpoints of a server's own.
	 * @return the control
	 */
	public BenchControl control() {
		return this.control;
	}

	@PostMapping("/bench/run")
	Map<String, Object> run(@RequestParam double rate, @RequestParam long count, @RequestParam int size,
			@RequestParam(defaultValue = "0") int groups) {
		return this.control.run(rate, count, size, groups);
	}

	@PostMapping("/bench/stop")
	Map<String, Object> stop() {
		return this.control.stop();
	}

	@GetMapping("/bench/heap")
	Map<String, Object> heap() {
		return this.control.heap();
	}

	@GetMapping("/bench/stats")
	Map<String, Object> stats() {
		return this.control.stats();
	}

}
