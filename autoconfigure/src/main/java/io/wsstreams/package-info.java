/**
 * What applications use: @StreamFeature beans with @StreamAction, @OnJoin and @OnLeave
 * methods, the StreamContext they get, the StreamPublisher, StreamUser and the
 * StreamAuthorizer and StreamUserResolver hooks. Nothing here depends on the engine.
 */
@NullMarked
package io.wsstreams;

import org.jspecify.annotations.NullMarked;
