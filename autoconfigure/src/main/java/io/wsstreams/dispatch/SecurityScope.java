package io.wsstreams.dispatch;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.ClassUtils;

/**
 * Spring Security around a handler, when it is on the class path: the connection's
 * {@code Authentication} in the {@code SecurityContextHolder} while the handler runs, so
 * that method security applies, and its denials recognised.
 */
final class SecurityScope {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder", SecurityScope.class.getClassLoader());

	/** What {@link #enter} returns when it changed nothing. */
	static final Object UNCHANGED = new Object();

	private SecurityScope() {
	}

	/**
	 * Puts the principal in the current thread's security context, if it is an
	 * {@code Authentication}.
	 * @param principal the connection's principal
	 * @return what {@link #exit} needs to restore the thread
	 */
	static Object enter(@Nullable Principal principal) {
		return (PRESENT && principal != null) ? Security.enter(principal) : UNCHANGED;
	}

	/**
	 * Restores the current thread's security context.
	 * @param previous what {@link #enter} returned
	 */
	static void exit(Object previous) {
		if (previous != UNCHANGED) {
			Security.exit(previous);
		}
	}

	/**
	 * Whether an exception is Spring Security's denial of access, such as
	 * {@code @PreAuthorize} throws.
	 * @param exception the exception
	 * @return {@code true} for an {@code AccessDeniedException}
	 */
	static boolean isAccessDenied(Throwable exception) {
		return PRESENT && Security.isAccessDenied(exception);
	}

	private static final class Security {

		private static final Object EMPTY = new Object();

		static Object enter(Principal principal) {
			if (!(principal instanceof Authentication authentication)) {
				return UNCHANGED;
			}
			SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
			SecurityContext previous = holder.getContext();
			SecurityContext context = holder.createEmptyContext();
			context.setAuthentication(authentication);
			holder.setContext(context);
			return (previous.getAuthentication() != null) ? previous : EMPTY;
		}

		static void exit(Object previous) {
			SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
			if (previous instanceof SecurityContext context) {
				holder.setContext(context);
			}
			else {
				holder.clearContext();
			}
		}

		static boolean isAccessDenied(Throwable exception) {
			return exception instanceof AccessDeniedException;
		}

	}

}
