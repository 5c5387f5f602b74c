#!/usr/bin/env bash
# Builds magento-simulator and measures how many GET /V1/orders pages of 100 it serves per second
# (10,000 orders seeded, 4 client threads, 15 s, capacity unlimited). Extra arguments are passed on,
# e.g. bench/simulator/run.sh threads=8 seconds=30 orders=20000 pageSize=100 warmup=3
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/bin/lib/jdk"
cd "$root"

# The parent POM must be in the local repository for a build of the module on its own.
./mvnw -q -N install
./mvnw -q -f magento-simulator/pom.xml test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

module="$root/magento-simulator"
classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")"
exec java -Xms512m -Xmx2g -cp "$classpath" dev.tillbridge.simulator.bench.OrdersPageThroughput "$@"
