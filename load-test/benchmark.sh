#!/usr/bin/env bash
# Runs one benchmark scenario of docs/benchmarks.md RUNS times (default 3) against a freshly started local system,
# then stops it. Usage (after ./mvnw -B -DskipTests package):
#   load-test/benchmark.sh latency|throughput|connections|cross|joinstorm|raw-postgres|raw-kafka [RUNS] [tool options...]
# Results: load-test/target/bench/<scenario>-<n>.json and .txt; the system's logs in load-test/target/bench/logs-*.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:?usage: load-test/benchmark.sh <scenario> [runs] [tool options...]}"
runs="${2:-3}"
shift $(( $# >= 2 ? 2 : 1 ))
out=load-test/target/bench
mkdir -p "$out"

# Peak-performance JVMs for the services (the launcher's default stops at C1 to start fast), a higher flood limit
# (load senders send far faster than people), tokens that outlive the longest run.
export PARLEY_SERVICE_JAVA_OPTS="${PARLEY_SERVICE_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC -Xshare:auto}"
export PARLEY_WS_FRAMES_PER_SECOND="${PARLEY_WS_FRAMES_PER_SECOND:-5000}"
export PARLEY_WS_FRAME_BURST="${PARLEY_WS_FRAME_BURST:-5000}"
export PARLEY_ROOM_PASSWORD_ATTEMPTS_PER_USER="${PARLEY_ROOM_PASSWORD_ATTEMPTS_PER_USER:-10000}"
# The load users are few and each holds many connections; the per-user send limit is for people.
export PARLEY_WS_USER_MESSAGES_PER_SECOND="${PARLEY_WS_USER_MESSAGES_PER_SECOND:-100000}"
export PARLEY_WS_USER_MESSAGE_BURST="${PARLEY_WS_USER_MESSAGE_BURST:-100000}"
launcher_args=()
tool_java=(java)
case "$scenario" in
  cross) launcher_args=(--gateways=2 --chat-services=2) ;;
  joinstorm) export SPRING_APPLICATION_JSON="$(java -jar load-test/target/load-test-exec.jar --issuer-users=200)"
             set -- --load-users=200 "$@" ;;
  connections) ulimit -n 20000; tool_java=(java -Xmx1g) ;;
esac

launcher_pid=""
stop_system() {
  if [ -n "$launcher_pid" ] && kill -0 "$launcher_pid" 2>/dev/null; then
    kill "$launcher_pid"; wait "$launcher_pid" 2>/dev/null || true
  fi
}
trap stop_system EXIT

case "$scenario" in
  raw-postgres) ;;                       # the machine's PostgreSQL alone
  *)
    stamp=$(date +%Y%m%d-%H%M%S)
    java -jar local-launcher/target/local-launcher-exec.jar "${launcher_args[@]}" > "$out/launcher-$stamp.log" 2>&1 &
    launcher_pid=$!
    for _ in $(seq 1 180); do
      grep -q "Parley is running" "$out/launcher-$stamp.log" && break
      kill -0 "$launcher_pid" 2>/dev/null || { cat "$out/launcher-$stamp.log"; exit 1; }
      sleep 1
    done
    grep -q "Parley is running" "$out/launcher-$stamp.log" || { echo "the system did not start"; exit 1; }
    # A fresh JVM spends its first minute compiling, and on two cores that is most of the machine: one unrecorded
    # run of (a)'s shape warms every service before the measured runs. 40 s and then 90 s were not enough on fresh
    # machines (the first measured runs were still cold, docs/benchmarks.md); PARLEY_BENCH_WARMUP sets it.
    if [ "$scenario" != raw-kafka ] && [ "$scenario" != connections ]; then
      echo "== warming the system up for ${PARLEY_BENCH_WARMUP:-180s} (not recorded)"
      gateways=http://127.0.0.1:8080; [ "$scenario" = cross ] && gateways=http://127.0.0.1:8080,http://127.0.0.1:8090
      java -jar load-test/target/load-test-exec.jar --scenario=latency --duration="${PARLEY_BENCH_WARMUP:-180s}" \
          --gateways=$gateways \
          --output="$out/warmup-$scenario.json" > "$out/warmup-$scenario.txt" 2>&1 || true
    fi ;;
esac

for run in $(seq 1 "$runs"); do
  echo "== $scenario run $run/$runs ($(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MiB, load$(uptime | sed 's/.*load average://'))"
  "${tool_java[@]}" -jar load-test/target/load-test-exec.jar --scenario="$scenario" \
      --output="$out/$scenario-$run.json" "$@" | tee "$out/$scenario-$run.txt" || true
done
