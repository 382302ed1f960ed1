package io.wsstreams.aot;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.wsstreams.OnJoin;
import io.wsstreams.OnLeave;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamControllerAdvice;
import io.wsstreams.StreamError;
import io.wsstreams.StreamExceptionHandler;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamUser;
import io.wsstreams.autoconfigure.WsStreamsAutoConfiguration;
import io.wsstreams.autoconfigure.WsStreamsSessionAutoConfiguration;
import io.wsstreams.delivery.PresenceFeature;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;
import org.springframework.web.context.support.GenericWebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * The hints that ws-streams registers for an application's {@code @StreamFeature} beans
 * when the application is processed ahead of time, as Spring Boot's build plugins do:
 * the context is refreshed for AOT processing with ws-streams' auto-configuration and a
 * feature bean, and every AOT processor on the classpath contributes.
 */
class StreamFeatureRuntimeHintsTests {

	@Test
	void handlerMethodsAreRegisteredForInvocation() {
		RuntimeHints hints = processAheadOfTime(OrdersApplication.class);
		assertThat(reflection().onType(OrdersFeature.class)).accepts(hints);
		for (String method : List.of("place", "confirm", "raw", "joined", "left")) {
			assertThat(reflection().onMethodInvocation(OrdersFeature.class, method)).as(method).accepts(hints);
		}
		assertThat(reflection().onMethodInvocation(OrdersFeature.class, "notAHandler")).rejects(hints);
	}

	@Test
	void payloadRecordsAreRegisteredForBindingWithTheirNestedRecordsAndListElements() {
		RuntimeHints hints = processAheadOfTime(OrdersApplication.class);
		assertBindable(hints, Order.class, "customer", "address", "lines");
		assertBindable(hints, Address.class, "street", "city");
		assertBindable(hints, Line.class, "sku", "quantity");
		assertThat(reflection().onType(List.class)).accepts(hints);
	}

	@Test
	void returnTypesAreRegisteredForBindingUnwrappedFromCompletionStages() {
		RuntimeHints hints = processAheadOfTime(OrdersApplication.class);
		assertBindable(hints, Receipt.class, "orderId", "placedAt");
		assertBindable(hints, Confirmation.class, "orderId");
		assertThat(reflection().onType(CompletableFuture.class)).rejects(hints);
	}

	@Test
	void argumentsThatWsStreamsSuppliesAreNotRegisteredForBinding() {
		RuntimeHints hints = processAheadOfTime(OrdersApplication.class);
		for (Class<?> type : List.of(StreamContext.class, StreamUser.class, JsonNode.class)) {
			assertThat(reflection().onType(type)).as(type.getName()).rejects(hints);
		}
	}

	@Test
	void exceptionHandlersOfFeaturesAndAdviceBeansAreRegisteredForInvocation() {
		RuntimeHints hints = processAheadOfTime(OrdersApplication.class);
		assertThat(reflection().onMethodInvocation(OrdersFeature.class, "outOfStock")).accepts(hints);
		assertThat(reflection().onMethodInvocation(OrdersAdvice.class, "anything")).accepts(hints);
		assertThat(reflection().onType(Principal.class)).as("a parameter ws-streams supplies").rejects(hints);
	}

	@Test
	void theBuiltInPresenceFeatureIsRegisteredToo() {
		RuntimeHints hints = processAheadOfTime(OrdersApplication.class);
		assertThat(reflection().onMethodInvocation(PresenceFeature.class, "status")).accepts(hints);
	}

	@Test
	void processorIsListedInAotFactoriesAndContributesNothingWithoutFeatures() {
		BeanFactoryInitializationAotProcessor processor = AotServices.factories()
			.load(BeanFactoryInitializationAotProcessor.class)
			.asList()
			.stream()
			.filter((candidate) -> candidate.getClass().getName().startsWith("io.wsstreams."))
			.findFirst()
			.orElseThrow();
		DefaultListableBeanFactory withFeature = new DefaultListableBeanFactory();
		withFeature.registerBeanDefinition("orders", new RootBeanDefinition(OrdersFeature.class));
		assertThat(processor.processAheadOfTime(withFeature)).isNotNull();
		DefaultListableBeanFactory withoutFeature = new DefaultListableBeanFactory();
		withoutFeature.registerBeanDefinition("other", new RootBeanDefinition(Receipt.class));
		assertThat(processor.processAheadOfTime(withoutFeature)).isNull();
	}

	private static void assertBindable(RuntimeHints hints, Class<?> type, String... accessors) {
		assertThat(reflection().onType(type)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.ACCESS_DECLARED_FIELDS))
			.as(type.getSimpleName())
			.accepts(hints);
		for (String accessor : accessors) {
			assertThat(reflection().onMethodInvocation(type, accessor)).as(type.getSimpleName() + "." + accessor)
				.accepts(hints);
		}
	}

	private static RuntimeHints processAheadOfTime(Class<?> configuration) {
		GenericWebApplicationContext context = new GenericWebApplicationContext();
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(configuration);
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(configuration)), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		return generationContext.getRuntimeHints();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, WsStreamsAutoConfiguration.class,
			WsStreamsSessionAutoConfiguration.class })
	@Import({ OrdersFeature.class, OrdersAdvice.class })
	static class OrdersApplication {

	}

	@StreamFeature(name = "orders")
	static class OrdersFeature {

		@StreamAction("place")
		Receipt place(@Valid Order order, StreamContext context) {
			return new Receipt(order.customer(), Instant.now());
		}

		@StreamAction("confirm")
		CompletableFuture<Confirmation> confirm(Map<String, Line> lines, StreamUser user) {
			return CompletableFuture.completedFuture(new Confirmation(user.id()));
		}

		@StreamAction("raw")
		void raw(JsonNode data) {
		}

		@OnJoin
		void joined(StreamContext context) {
		}

		@OnLeave
		void left(StreamUser user) {
		}

		void notAHandler(Order order) {
		}

		@StreamAction("audit")
		void audit(Principal principal, Order order) {
		}

		@StreamExceptionHandler
		StreamError outOfStock(IllegalStateException ex) {
			return StreamError.of("OUT_OF_STOCK", "Sold out");
		}

	}

	@StreamControllerAdvice
	static class OrdersAdvice {

		@StreamExceptionHandler
		StreamError anything(RuntimeException ex, StreamContext context) {
			return StreamError.of("FAILED", "Failed");
		}

	}

	record Order(@NotBlank String customer, @Valid Address address, List<@Valid Line> lines) {
	}

	record Address(String street, String city) {
	}

	record Line(@NotBlank String sku, @Positive int quantity) {
	}

	record Receipt(String orderId, Instant placedAt) {
	}

	record Confirmation(String orderId) {
	}

}
