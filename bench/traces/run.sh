#!/usr/bin/env bash
# CPU per order of what tracing adds to the order path (issue 16): the poller's traceparent header, and the
# filter's extract + decision span + MDC + two output headers, with the OpenTelemetry SDK at sampling ratio 0
# (the default) and 1, on one thread (thread CPU time, so other load on the machine matters little).
# Needs invoice-filter built: ./mvnw -o -q -Dmaven.test.skip=true package -pl invoice-filter -am
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/bin/lib/jdk"
LIB=$ROOT/invoice-filter/target/quarkus-app/lib
CP=$(ls "$LIB"/main/*.jar "$LIB"/boot/*.jar | tr '\n' ':')
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
javac -cp "$CP" -d "$OUT" "$ROOT/bench/traces/TraceCost.java"
java -Xmx256m -cp "$OUT:$CP" -Djava.util.logging.manager=org.jboss.logmanager.LogManager TraceCost
