#!/usr/bin/env bash
# Runs the ws-streams benchmarks on this machine: the server pinned to CPU 0, the load
# client to CPU 1, both on loopback. Prints one line per measurement.
#
#   benchmarks/run.sh [tomcat|jetty|both]      (default: both)
#
# Build first: ./mvnw -q -DskipTests package
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAR=benchmarks/target/ws-streams-benchmarks-0.1.0-SNAPSHOT.jar
PORT=${BENCH_PORT:-8090}
[[ -f $JAR ]] || { echo "Build first: ./mvnw -q -DskipTests package" >&2; exit 1; }

# Run one measurement: run <server> <client args...>
run() {
	local server=$1
	shift
	local exclude
	if [[ $server == tomcat ]]; then
		exclude=org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration
	else
		exclude=org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration
	fi
	taskset -c 0 java -Xmx1g -jar "$JAR" --server.port="$PORT" --spring.autoconfigure.exclude="$exclude" \
		>"/tmp/ws-streams-bench-$server.log" 2>&1 &
	local pid=$!
	for _ in $(seq 1 60); do
		curl -sf "localhost:$PORT/bench/heap" >/dev/null && break
		sleep 1
	done
	taskset -c 1 java -Xmx2g -cp "$JAR" -Dloader.main=io.wsstreams.bench.LoadClient \
		org.springframework.boot.loader.launch.PropertiesLauncher "$@" --base "127.0.0.1:$PORT" --pid "$pid" || true
	kill "$pid"
	wait "$pid" 2>/dev/null || true
}

servers=(tomcat jetty)
[[ ${1:-both} == both ]] || servers=("$1")
for server in "${servers[@]}"; do
	echo "== $server"
	run "$server" heap --connections 2000
	run "$server" heap --connections 2000 --browser
	run "$server" fanout --connections 1000 --rate 20 --size 100 --seconds 30
	run "$server" fanout --connections 1000 --rate 20 --size 100 --seconds 30 --stall 1
done
