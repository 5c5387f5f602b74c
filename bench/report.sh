# Sourced by bench/run at the end: turns $RES (key=value lines) into the table it prints and the Markdown file in
# bench/results/. Uses: RES, WORK, ROOT, MACHINE, LOAD_START, ORDERS, INTERVAL, P2_RATE, P2_SECONDS, P3_ARGS,
# P4_RATE, P4_DURATION, BENCH_POLLER_OPTS, BENCH_FILTER_OPTS, and get/ratio from bench/run.

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
HOST=$(hostname -s 2>/dev/null || hostname)
OUT="$ROOT/bench/results/$(date +%Y-%m-%d)-$HOST.md"
[ -e "$OUT" ] && OUT="$ROOT/bench/results/$(date +%Y-%m-%d-%H%M)-$HOST.md"
if [ "${PARTS[*]}" = p6 ]; then
  # The fleet alone: its figures as the driver wrote them (bench/results/<date>-p6.md summarises runs by hand).
  OUT="$ROOT/bench/results/$(date +%Y-%m-%d-%H%M)-p6-run.md"
  {
    echo "# Tillbridge P6 (fleet) run, $(date '+%Y-%m-%d %H:%M %Z') on $HOST"
    echo
    echo "- Machine: $MACHINE"
    echo "- Load average (1/5/15 min): $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "- Broker: $BOOTSTRAP; PostgreSQL: $PGHOST:5432, database $DB"
    echo "- Settings: sizes ${BENCH_P6_SIZES:-1000 5000 10000}, replicas ${BENCH_P6_REPLICAS:-1 2 3}, interval ${BENCH_P6_INTERVAL:-60} s, steady ${BENCH_P6_STEADY:-300} s, latency ${BENCH_P6_LATENCY:-150:50} ms, heap $HEAP"
    echo
    echo "| figure | value |"
    echo "|---|---|"
    grep -E '^p6\.' "$RES" | sed -E 's/^([^=]+)=(.*)$/| \1 | \2 |/'
  } > "$OUT"
  echo "bench: written $OUT (logs: $WORK)" >&2
  return 0 2>/dev/null || exit 0
fi

# P3: the "adaptive" row of ProductPushBenchmark's table: mode | ideal/C | rate/C | rate/(C/2) | whole run | ...
if [ -f "$WORK/p3.log" ]; then
  row=$(grep -E '^adaptive +\|' "$WORK/p3.log" | tail -1 || true)
  if [ -n "$row" ]; then
    put p3.ideal_over_c "$(awk -F'|' '{ gsub(/ /, "", $2); print $2 }' <<< "$row")"
    put p3.rate_over_c "$(awk -F'|' '{ gsub(/ /, "", $3); print $3 }' <<< "$row")"
    put p3.rate_over_half_c "$(awk -F'|' '{ gsub(/ /, "", $4); print $4 }' <<< "$row")"
    put p3.whole_run "$(awk -F'|' '{ gsub(/ /, "", $5); print $5 }' <<< "$row")"
    put p3.capacity "$(grep -oE 'C = [0-9]+ saves/s' "$WORK/p3.log" | tail -1 | grep -oE '[0-9]+')"
  fi
fi
# P4: StatusReadBench's RESULT line.
if [ -f "$WORK/p4.log" ]; then
  # Every RESULT line: the reads and lag, then the order burst.
  for kv in $(grep '^RESULT' "$WORK/p4.log" || true); do case "$kv" in *=*) put "p4.${kv%%=*}" "${kv#*=}" ;; esac; done
fi

v() { local x; x=$(get "$1"); echo "${x:-–}"; }
goal() { # value, threshold, ge|le
  awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (v == "" || v == "–") print "–";
    else if ((op == "ge" && v + 0 >= t) || (op == "le" && v + 0 <= t)) print "met"; else print "**not met**" }'
}

{
  echo "# Tillbridge benchmark, $(date '+%Y-%m-%d %H:%M %Z') on $HOST"
  echo
  echo "- Machine: $MACHINE"
  echo "- Load average (1/5/15 min): $LOAD_START at the start, $LOAD_END at the end (other work on the machine counts)"
  echo "- Broker: $BOOTSTRAP (shared, KRaft, one node); PostgreSQL: $PGHOST:5432, database $DB"
  echo "- Command: \`bench/run ${PARTS[*]}\` with BENCH_ORDERS=$ORDERS, BENCH_SYNC_INTERVAL=$INTERVAL s${BENCH_POLLER_OPTS:+, BENCH_POLLER_OPTS=$BENCH_POLLER_OPTS}${BENCH_FILTER_OPTS:+, BENCH_FILTER_OPTS=$BENCH_FILTER_OPTS}"
  echo
  echo "| part | figure | value | goal |"
  echo "|---|---|---|---|"
  if want p1; then
    echo "| P1 order path | orders carried to filtered-orders (read_committed) | $(v p1.released) of $(v p1.orders) in $(v p1.seconds) s | |"
    echo "| P1 | **our orders/s** (integration published → last order on filtered-orders) | $(v p1.orders_per_s) | |"
    echo "| P1 | ProducerPerformance records/s ($(v p1.record_value_bytes)-byte records, tool defaults) | $(v p1.pp_size.records_per_s) ($(v p1.pp_size.mb_per_s) MB/s) | |"
    echo "| P1 | **ratio our / ProducerPerformance** | $(v p1.ratio) | ≥ 0.5: $(goal "$(get p1.ratio)" 0.5 ge) |"
    [ -n "$(get p1.warm.ratio)" ] && echo "| P1 | ratio our / ProducerPerformance, warm pass (ProducerPerformance is a new JVM each time) | $(v p1.warm.ratio) | |"
    echo "| P1 | ProducerPerformance with real filtered-orders values, lz4, linger 5 ms | $(v p1.pp_real.records_per_s) records/s (ratio $(v p1.ratio_real)) | |"
    echo "| P1 | order-poller stage: orders/s onto raw-orders (first → last) | $(v p1.raw_orders_per_s) | |"
    echo "| P1 | invoice-filter behind the poller at the end | $(v p1.filter_lag_after_last_raw_s) s | |"
    echo "| P1 | duplicates on filtered-orders | $(v p1.duplicates) | 0 |"
    # Two passes over the same processes (OrderPathBench.p1): "p1" just after start, "p1.warm" once the JIT has
    # compiled the order path. The goal is judged on the warm pass: what a running service spends per order.
    for pass in p1 p1.warm; do
      [ -n "$(get "$pass.orders")" ] || continue
      label="P1"; [ "$pass" = p1.warm ] && label="P1 warm (second pass, same processes)"
      [ "$pass" = p1.warm ] && echo "| $label | orders carried, orders/s | $(v "$pass.released") of $(v "$pass.orders"), $(v "$pass.orders_per_s")/s | |"
      cpu=""
      for p in order-poller invoice-filter magento-simulator kafka-broker bench-driver; do
        cpu+="$p $(v "$pass.cpu.$p.ms_per_order"), "
      done
      echo "| $label | CPU ms per order: ${cpu%, } | total $(v "$pass.cpu.total.s") CPU-s of $(v "$pass.cpu.available.s") available | |"
      echo "| $label | of which the JIT compilers (C1/C2 threads): order-poller $(v "$pass.cpu.order-poller.jit_ms_per_order"), invoice-filter $(v "$pass.cpu.invoice-filter.jit_ms_per_order") ms per order | | |"
      echo "| $label | by kind of thread, ms per order: order-poller ($(v "$pass.cpu.order-poller.threads_ms_per_order")); invoice-filter ($(v "$pass.cpu.invoice-filter.threads_ms_per_order")) | | |"
      path_ms=$(awk -v a="$(get "$pass.cpu.order-poller.ms_per_order")" -v b="$(get "$pass.cpu.invoice-filter.ms_per_order")" \
        'BEGIN { if (a == "" || b == "") print ""; else printf "%.3f", a + b }')
      steady_ms=$(awk -v t="$path_ms" -v a="$(get "$pass.cpu.order-poller.jit_ms_per_order")" \
        -v b="$(get "$pass.cpu.invoice-filter.jit_ms_per_order")" \
        'BEGIN { if (t == "" || a == "" || b == "") print ""; else printf "%.3f", t - a - b }')
      echo "| $label | order-poller + invoice-filter without their JIT threads (what a long-running service tends to) | ${steady_ms:-–} | |"
      if [ "$pass" = p1.warm ] || [ -z "$(get p1.warm.orders)" ]; then
        echo "| $label | **CPU ms per order, order-poller + invoice-filter** | ${path_ms:-–} | ≤ 0.25: $(goal "$path_ms" 0.25 le) |"
      else
        echo "| $label | CPU ms per order, order-poller + invoice-filter (services just started: JIT included) | ${path_ms:-–} | |"
      fi
      echo "| $label | broker bytes written per order, all topics (by topic: $(v "$pass.broker_bytes_by_topic")) | $(v "$pass.broker_bytes_per_order") | reported, reduced |"
    done
  fi
  if want p2; then
    echo "| P2 freshness | invoice in the simulator → order on filtered-orders, I = $(v p2.interval_s) s, $(v p2.rate_per_s) updates/s for ${P2_SECONDS} s | p50 $(v p2.p50_ms) ms, p99 $(v p2.p99_ms) ms, max $(v p2.max_ms) ms ($(v p2.released) of $(v p2.updates)) | |"
  fi
  if want p3; then
    if [ -n "$(get p3.rate_over_c)" ]; then
      echo "| P3 product push | achieved rate / capacity C = $(v p3.capacity) saves/s (adaptive; $P3_ARGS) | $(v p3.rate_over_c) (after halving: $(v p3.rate_over_half_c), whole run $(v p3.whole_run), ideal client $(v p3.ideal_over_c)) | ≥ 0.9: $(goal "$(get p3.rate_over_c)" 0.9 ge) |"
    else
      echo "| P3 product push | bench/product-pusher/run.sh | $(v p3.status) | |"
    fi
  fi
  if want p4; then
    if [ -n "$(get p4.read_p99_ms)" ]; then
      echo "| P4 status-api | GET /status p99 at $P4_RATE req/s (p50; achieved; errors) | $(v p4.read_p99_ms) ms ($(v p4.read_p50_ms) ms; $(v p4.achieved_rps) rps; $(v p4.errors)) | ≤ 20 ms: $(goal "$(get p4.read_p99_ms)" 20 le) |"
      echo "| P4 | read-model lag, record on Kafka → visible in the API (p50 / p99) | $(v p4.lag_p50_ms) / $(v p4.lag_p99_ms) ms | |"
      if [ -n "$(get p4.burst_orders)" ]; then
        echo "| P4 | order burst: $(v p4.burst_orders) orders (observation + release each) published at once → all counted in the status document | $(v p4.burst_seconds) s, $(v p4.burst_orders_per_s) orders/s, status-api $(v p4.burst_cpu_ms_per_order) CPU-ms per order | |"
      fi
    else
      echo "| P4 status-api | bench/status-api/run.sh | $(v p4.status) | |"
    fi
  fi
  if want p5; then
    for s in order-poller invoice-filter status-api product-pusher notifier pos-standin magento-simulator; do
      [ -n "$(get "p5.$s.start_ms")$(get "build.$s")$(get "p5.$s.status")" ] || continue
      if [ "$(get "build.$s")" = FAILED ]; then echo "| P5 $s | | did not build | |"; continue; fi
      under=$(get "p1run.$s.rss_peak_mb") cache=$(get "aot.$s.cache_mb")
      echo "| P5 $s | start (process start → ready) / RSS idle / RSS peak under P1${cache:+ (AOT cache ${cache} MB)} | $(v "p5.$s.start_ms") ms / $(v "p5.$s.rss_idle_mb") MB / ${under:-–}${under:+ MB} | ≤ 2,000 ms: $(goal "$(get "p5.$s.start_ms")" 2000 le) |"
    done
  fi
  echo
  echo "Raw figures (key=value) of this run:"
  echo
  echo '```'
  cat "$RES"
  echo '```'
} > "$OUT"

echo
sed -n '/^| part/,/^$/p' "$OUT" | sed -E 's/\*\*//g' | column -t -s '|' -o '|' 2>/dev/null || sed -n '/^| part/,/^$/p' "$OUT"
echo "bench: written $OUT (logs: $WORK)" >&2
