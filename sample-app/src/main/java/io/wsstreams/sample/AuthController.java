package io.wsstreams.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo sign-in: any valid name is accepted, without a password. The session id comes
 * back both as the {@code SESSION} cookie and as the {@code X-Auth-Token} header.
 */
@RestController
@RequestMapping("/api")
class AuthController {

	private final SessionUsers users;

	AuthController(SessionUsers users) {
		this.users = users;
	}

	@PostMapping("/login")
	Me login(@Valid @RequestBody Login login, HttpServletRequest request) {
		this.users.signIn(request, login.name());
		return new Me(login.name());
	}

	@PostMapping("/logout")
	ResponseEntity<Void> logout(HttpServletRequest request) {
		this.users.signOut(request);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/me")
	Me me(@RequestAttribute(SignedInInterceptor.USER) String user) {
		return new Me(user);
	}

	/**
	 * A sign-in request.
	 *
	 * @param name the user id to sign in as
	 */
	record Login(@NotNull @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String name) {
	}

	/**
	 * The signed-in user.
	 *
	 * @param user the user id
	 */
	record Me(String user) {
	}

}
