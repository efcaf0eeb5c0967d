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

# CPU ticks used so far by each part of the system, one "<part> <ticks>" line each: with the load tool's own (from
# `times`), before and after every run they say where the two cores went (docs/benchmarks.md, "Where the time goes").
# PostgreSQL counts its reaped backends too (cutime, cstime), since a backend may end during a run.
cpu_ticks() {
  local pid comm cmd part stat fields
  for pid in /proc/[0-9]*; do
    { read -r comm < "$pid/comm"; } 2>/dev/null || continue
    case "$comm" in
      postgres) part=postgresql ;;
      java)
        cmd=$(tr '\0' ' ' < "$pid/cmdline" 2>/dev/null) || continue
        case "$cmd" in
          *gateway-service-exec.jar*) part=gateway ;;
          *chat-service-exec.jar*) part=chat-service ;;
          *room-service-exec.jar*) part=room-service ;;
          *dev-issuer-exec.jar*) part=dev-issuer ;;
          *local-launcher-exec.jar*) part=launcher-kafka ;;
          *) continue ;;
        esac ;;
      *) continue ;;
    esac
    stat=$(cat "$pid/stat" 2>/dev/null) || continue
    read -r -a fields <<< "${stat##*) }"
    # After the command name: utime, stime, cutime, cstime are fields 12 to 15.
    if [ "$part" = postgresql ]; then
      echo "$part $(( fields[11] + fields[12] + fields[13] + fields[14] ))"
    else
      echo "$part $(( fields[11] + fields[12] ))"
    fi
  done | awk '{ t[$1] += $2 } END { for (p in t) print p, t[p] }' | sort
}

# The CPU seconds of the run per part, and what share of the machine's cores for the run's wall time they were.
cpu_report() {
  local before="$1" after="$2" tool_seconds="$3" wall="$4" hz cores
  hz=$(getconf CLK_TCK); cores=$(nproc)
  join -a 2 -e 0 -o 0,1.2,2.2 "$before" "$after" | awk -v hz="$hz" -v tool="$tool_seconds" -v wall="$wall" \
      -v cores="$cores" '
    { s = ($3 - $2) / hz; total += s; rows[$1] = s }
    END {
      total += tool; rows["load-tool"] = tool
      printf "cpu: %.1f s wall on %d cores = %.1f core-seconds; used %.1f (%.0f %%)\n", wall, cores, wall * cores,
          total, 100 * total / (wall * cores)
      for (p in rows) printf "cpu: %-15s %7.1f s  %5.1f %% of the cores\n", p, rows[p], 100 * rows[p] / (wall * cores)
    }' | sort
}

# User + system seconds of this shell's finished children (the load tool), from `times`: run in this shell (a
# command substitution would be a subshell with children of its own), so it writes to a file.
children_seconds() {
  times > "$out/times"
  tail -1 "$out/times" | sed 's/m/ /g; s/s//g' | awk '{ print $1 * 60 + $2 + $3 * 60 + $4 }'
}

for run in $(seq 1 "$runs"); do
  echo "== $scenario run $run/$runs ($(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MiB, load$(uptime | sed 's/.*load average://'))"
  cpu_ticks > "$out/cpu-before"; children_seconds > "$out/tool-before"; started=$(date +%s.%N)
  "${tool_java[@]}" -jar load-test/target/load-test-exec.jar --scenario="$scenario" \
      --output="$out/$scenario-$run.json" "$@" | tee "$out/$scenario-$run.txt" || true
  children_seconds > "$out/tool-after"; wall=$(echo "$(date +%s.%N) - $started" | bc); cpu_ticks > "$out/cpu-after"
  tool=$(echo "$(cat "$out/tool-after") - $(cat "$out/tool-before")" | bc)
  cpu_report "$out/cpu-before" "$out/cpu-after" "$tool" "$wall" | tee "$out/$scenario-$run-cpu.txt"
done
