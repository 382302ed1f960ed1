#!/usr/bin/env bash
# Runs the many-node benchmarks: two servers sharing the Redis at 127.0.0.1:6379
# (ws-streams.broker=redis, a prefix of their own), both pinned to CPU 0, the load client
# to CPU 1. Prints the latency of deliveries on the publishing node and on the other one,
# then the streams append rate with one publisher and with many, in memory and over Redis.
#
#   benchmarks/redis.sh                  (SOAK_MINUTES=10 also runs the soak)
#
# Build first: ./mvnw -q -DskipTests package
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAR=benchmarks/target/ws-streams-benchmarks-0.1.0-SNAPSHOT.jar
[[ -f $JAR ]] || { echo "Build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
PREFIX="ws-streams-bench-$$:"
EXCLUDE=org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration
pids=()

# start <port> <extra arguments...>
start() {
	local port=$1
	shift
	taskset -c 0 java -Xmx1g -jar "$JAR" --server.port="$port" --spring.autoconfigure.exclude="$EXCLUDE" "$@" \
		>"/tmp/ws-streams-bench-$port.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 1 60); do
		curl -sf "localhost:$port/bench/heap" >/dev/null && return 0
		sleep 1
	done
	echo "The server on $port did not start; see /tmp/ws-streams-bench-$port.log" >&2
	return 1
}

stop_all() {
	kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	pids=()
	redis-cli --scan --pattern "$PREFIX*" | xargs -r redis-cli del >/dev/null
}
trap stop_all EXIT

client() {
	taskset -c 1 java -Xmx2g -cp "$JAR" -Dloader.main=io.wsstreams.bench.LoadClient \
		org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}

REDIS=(--ws-streams.broker=redis "--ws-streams.redis.prefix=$PREFIX")

echo "== two nodes over Redis"
start 8090 "${REDIS[@]}"
start 8091 "${REDIS[@]}"
client nodes --base 127.0.0.1:8090 --remote 127.0.0.1:8091 --connections 500 --rate 20 --size 100 --seconds 30
client append --base 127.0.0.1:8090 --publishers 1,16 --seconds 10
stop_all

echo "== one node in memory"
start 8090
client append --base 127.0.0.1:8090 --publishers 1,16 --seconds 10
stop_all

if [[ ${SOAK_MINUTES:-0} -gt 0 ]]; then
	echo "== soak: two nodes over Redis, $SOAK_MINUTES min"
	start 8090 "${REDIS[@]}"
	start 8091 "${REDIS[@]}"
	taskset -c 1 java -Xmx2g -cp "$JAR" -Dloader.main=io.wsstreams.bench.SoakClient \
		org.springframework.boot.loader.launch.PropertiesLauncher --bases 127.0.0.1:8090,127.0.0.1:8091 \
		--connections "${SOAK_CONNECTIONS:-2000}" --minutes "$SOAK_MINUTES" --rate 10 --churn 20
fi
