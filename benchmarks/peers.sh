#!/usr/bin/env bash
# Runs ws-streams beside its peers on this machine, in one run: Spring's STOMP simple
# broker, a hand-written Spring WebSocket handler (both on Tomcat and Jetty, as ws-streams)
# and a plain Netty server. Each server runs pinned to CPU 0, the load client to CPU 1,
# both on loopback. Writes the raw results to benchmarks/results/<time>/ and the report,
# with its plots, to docs/benchmarks.md and docs/benchmarks/.
#
#   benchmarks/peers.sh [--quick] [target:container ...]
#
# --quick runs every scenario small and short (about ten minutes on a 2-core machine), for
# a smoke test; without it the full run takes 45 to 55 minutes. Targets default to all of them:
# ws-streams:tomcat ws-streams:jetty stomp:tomcat stomp:jetty handler:tomcat handler:jetty netty:netty
#
# BENCH_SCENARIOS chooses among idle, fanout (with topics), stall and rates (default: all);
# BENCH_OUT adds the results to an existing results folder, to repeat a part of a run.
#
# Build first: ./mvnw -q -DskipTests package
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAR=benchmarks/target/ws-streams-benchmarks-0.1.0-SNAPSHOT.jar
PORT=${BENCH_PORT:-8090}
LAUNCHER=org.springframework.boot.loader.launch.PropertiesLauncher
[[ -f $JAR ]] || { echo "Build first: ./mvnw -q -DskipTests package" >&2; exit 1; }

command="benchmarks/peers.sh $*"
mode=full
if [[ ${1:-} == --quick ]]; then
	mode=quick
	shift
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
	targets=(ws-streams:tomcat ws-streams:jetty stomp:tomcat stomp:jetty handler:tomcat handler:jetty netty:netty)
fi

# 20,000 connections need as many descriptors in the server and in the client; where a
# process may not have that many, the largest count stays 500 below the limit.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
most=20000
if [[ $(ulimit -n) != unlimited && $(ulimit -n) -lt 20500 ]]; then
	most=$(($(ulimit -n) - 500))
fi

scenarios=" ${BENCH_SCENARIOS:-idle fanout stall rates} "
started=$(date +%s)
if [[ -n ${BENCH_OUT:-} ]]; then
	out=$BENCH_OUT
	echo "added: $(date -u '+%Y-%m-%d %H:%M UTC'), revision $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $command, scenarios:$scenarios" >>"$out/machine.txt"
else
	out=benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)
	mkdir -p "$out"
fi
[[ -n ${BENCH_OUT:-} ]] || {
	echo "mode: $mode"
	echo "command: $command"
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "cpus: $(nproc)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
	echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "jdk: $(java -version 2>&1 | head -1)"
	echo "kernel: $(uname -sr)"
	echo "revision: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/machine.txt"

if [[ $mode == quick ]]; then
	fanouts=("1000 100 20")
	idles=("1000" "1000 --browser")
	topics=1000
	steps=20,60
	timing=(--warmup 2 --seconds 3)
	step_timing=(--warmup 1 --seconds 2)
else
	# The measurement the goals compare, 1000 subscribers of 100 B, three times on the same
	# connections: the one with the median CPU per delivery counts.
	fanouts=("1000 100 20 3" "1000 1024 20" "10000 100 2" "10000 1024 2")
	idles=("10000" "$most" "10000 --browser")
	topics=1000
	steps=10,20,40,60,80,100,125,150,200,250,300
	timing=(--warmup 3 --seconds 12)
	step_timing=(--warmup 2 --seconds 5)
fi

pid=
# Start one server: start <target> <container>
start() {
	local target=$1 container=$2 exclude=none limit= main
	case $container in
		tomcat)
			exclude=org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration
			# Tomcat accepts 8192 connections by default, and holds further ones in the backlog.
			limit=--server.tomcat.max-connections=30000
			;;
		jetty) exclude=org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration ;;
	esac
	case $target in
		ws-streams) main=io.wsstreams.bench.BenchmarkServer ;;
		stomp) main=io.wsstreams.peers.stomp.StompPeer ;;
		handler) main=io.wsstreams.peers.handler.HandlerPeer ;;
		netty) main=io.wsstreams.peers.netty.NettyPeer ;;
	esac
	taskset -c 0 java -Xmx4g -cp "$JAR" -Dloader.main="$main" $LAUNCHER --server.port="$PORT" \
		--spring.autoconfigure.exclude="$exclude" $limit >>"$out/server-$target-$container.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 120); do
		curl -sf "localhost:$PORT/bench/stats" >/dev/null && return 0
		sleep 0.5
	done
	echo "$target on $container did not start" >&2
	return 1
}

stop() {
	if [[ -n $pid ]]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		pid=
	fi
}

trap stop EXIT
trap 'stop; exit 143' INT TERM

# Run one scenario against the running server: client <target> <container> <args...>
client() {
	local target=$1 container=$2 protocol=plain
	shift 2
	case $target in
		ws-streams) protocol=streams ;;
		stomp) protocol=stomp ;;
	esac
	echo "== $target on $container: $*" | tee -a "$out/client.log"
	local began=$SECONDS
	taskset -c 1 java -Xmx2g -cp "$JAR" -Dloader.main=io.wsstreams.bench.LoadClient $LAUNCHER compare \
		--base "127.0.0.1:$PORT" --pid "$pid" --out "$out" --target "$target" --container "$container" \
		--protocol "$protocol" "$@" 2>&1 | grep -v '^scenario,' | tee -a "$out/client.log" \
		|| echo "failed: $target on $container: $*" | tee -a "$out/client.log"
	echo "   $((SECONDS - began)) s" | tee -a "$out/client.log"
}

# Scenario by scenario, every server in turn, so that the servers compared in a scenario
# run minutes apart rather than up to an hour apart on a machine whose speed drifts.
# Each count of idle connections on a fresh server, since containers keep pools of what
# closed connections used; fan-out and topics on one server; the stalled subscriber and
# the rising rates, which can leave a server worse for wear, each on a fresh one.
each() {
	local entry
	for entry in "${targets[@]}"; do
		"$@" "${entry%%:*}" "${entry##*:}"
	done
}

idle() {
	local idle connections browser
	for idle in "${idles[@]}"; do
		read -r connections browser <<<"$idle"
		start "$1" "$2"
		client "$1" "$2" --scenario idle --connections "$connections" $browser
		stop
	done
}

fanout() {
	local fanout connections size rate repeat
	start "$1" "$2"
	for fanout in "${fanouts[@]}"; do
		read -r connections size rate repeat <<<"$fanout"
		client "$1" "$2" --scenario fanout --connections "$connections" --size "$size" --rate "$rate" \
			--repeat "${repeat:-1}" "${timing[@]}"
	done
	client "$1" "$2" --scenario topics --connections "$topics" --size 100 --rate 10 "${timing[@]}"
	stop
}

stall() {
	start "$1" "$2"
	client "$1" "$2" --scenario stall --connections 1000 --size 100 --rate 20 "${timing[@]}"
	stop
}

rates() {
	start "$1" "$2"
	client "$1" "$2" --scenario rates --connections 1000 --size 100 --steps "$steps" "${step_timing[@]}"
	stop
}

for scenario in idle fanout stall rates; do
	if [[ $scenarios == *" $scenario "* ]]; then
		each "$scenario"
	fi
done

if [[ -z ${BENCH_OUT:-} ]]; then
	echo "elapsed: $(($(date +%s) - started)) s" >>"$out/machine.txt"
	echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
fi
java -cp "$JAR" -Dloader.main=io.wsstreams.bench.Report $LAUNCHER "$out" docs/benchmarks.md
echo "results in $out; report in docs/benchmarks.md"
