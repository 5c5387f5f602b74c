#!/usr/bin/env bash
# status-api read benchmark: p50/p99 of GET /api/v1/integrations/{id}/status at a fixed rate, and the
# read-model lag (record published -> visible through the API), against the real broker and PostgreSQL.
#
#   bench/status-api/run.sh [--rate 500] [--duration 30] [--warmup 30] [--lag-samples 200] [--connections 32]
#                           [--burst 5000] [--no-build]
#
# --burst N: afterwards, N orders of a new integration (an observation on raw-orders and a release on filtered-orders
# each, whole orders) are published at once, and the time until the status document counts them all is measured,
# with status-api's CPU per order.
#
# It builds status-api (unless --no-build), starts it on STATUS_BENCH_PORT (18080) with its own database
# (tillbridge_bench_status_api_<checkout>, recreated) and its own consumer groups, runs StatusReadBench.java, prints the numbers
# and stops the status-api it started. Needs: the broker (bin/kafka start), PostgreSQL on 127.0.0.1:5432.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/bin/lib/jdk"
HERE="$ROOT/bench/status-api"
RUN_DIR=${TILLBRIDGE_RUN_DIR:-$ROOT/.run}/bench-status-api
PORT=${STATUS_BENCH_PORT:-18080}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
# this benchmark's own database in this checkout, recreated each run
DB=tillbridge_bench_status_api_$(printf %s "$ROOT" | cksum | cut -d' ' -f1)
BUILD=1
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --rate|--duration|--lag-samples|--warmup|--connections|--burst) ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

"$ROOT/bin/kafka" start
LIBS="$ROOT/.run/kafka/libs"   # kafka-clients and friends, fetched by bin/kafka

if [ "$BUILD" = 1 ] || [ ! -f "$ROOT/status-api/target/quarkus-app/quarkus-run.jar" ]; then
  echo "bench: building status-api" >&2
  # With the modules it needs (-am): a fresh machine has none of them in the local repository.
  (cd "$ROOT" && ./mvnw -q -o -pl status-api -am package -DskipTests -Djib.skip)
fi

psql -h "$PGHOST" -U "$PGUSER" -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" postgres

mkdir -p "$RUN_DIR"
RUN_ID=$(date +%s)
GROUP="status-api-bench-$RUN_ID"
PROPS=()
for channel in status-filtered-orders status-skipped-orders status-sync-cycles status-product-progress \
               status-integration-logs status-integration-alerts status-notifications status-raw-orders integrations; do
  PROPS+=("-Dmp.messaging.incoming.$channel.group.id=$GROUP-$channel")
done
# The benchmark's own records only: start at the end of every topic (integrations from the start).
for channel in status-filtered-orders status-skipped-orders status-sync-cycles status-product-progress \
               status-integration-logs status-integration-alerts status-notifications status-raw-orders; do
  PROPS+=("-Dmp.messaging.incoming.$channel.auto.offset.reset=latest")
done

# The benchmark's account; its token is signed by bin/demo-token (status-api runs as deployed, without dev tokens).
ACCOUNT=bench-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "bench: starting status-api on port $PORT (log: $RUN_DIR/status-api.log)" >&2
QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:5432/$DB" \
QUARKUS_DATASOURCE_USERNAME=$PGUSER \
TILLBRIDGE_KAFKA_CREATE_TOPICS=true \
TILLBRIDGE_STATUS_ALERTS_ACCOUNTS="bench-.*" \
TILLBRIDGE_MAGENTO_SYSTEM_DNS=false \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="file:$("$ROOT/bin/demo-token" keys "$RUN_DIR/keys")" \
TILLBRIDGE_CREDENTIALS_KEY="YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=" \
  java -Xms256m -Xmx512m ${STATUS_BENCH_JAVA_OPTS:-} "${PROPS[@]}" -jar "$ROOT/status-api/target/quarkus-app/quarkus-run.jar" \
  > "$RUN_DIR/status-api.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true' EXIT

for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then echo "bench: status-api exited; see $RUN_DIR/status-api.log" >&2; exit 1; fi
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null || { echo "bench: status-api not ready" >&2; exit 1; }

cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$PID/stat"; }
echo "bench: machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
CPU_BEFORE=$(cpu_seconds)
java -Xmx256m -cp "$LIBS/*" "$HERE/StatusReadBench.java" --base "http://127.0.0.1:$PORT" \
  --bootstrap "${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}" --account "$ACCOUNT" \
  --token "$("$ROOT/bin/demo-token" --keys "$RUN_DIR/keys" --account "$ACCOUNT")" \
  --pid "$PID" --order-json "$ROOT/bench/json/release.json" "${ARGS[@]}"
echo "bench: status-api used $(awk -v a="$CPU_BEFORE" -v b="$(cpu_seconds)" 'BEGIN { printf "%.1f", b - a }') s of CPU during the run (warm-up, reads and lag)" >&2
