#!/usr/bin/env bash
# product-pusher against the Magento simulator: achieved rate / capacity, overload errors, re-convergence when the
# store loses half its capacity mid-run; adaptive concurrency against fixed 1 and 16. Needs the broker and
# PostgreSQL the tests use (started if absent). Extra arguments are passed on, e.g.
#   bench/product-pusher/run.sh products=5000 modes=adaptive,fixed16 queue=8 workers=4 serviceMs=20 maxSeconds=240
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/bin/lib/jdk"
cd "$root"

# Built in the reactor with the modules it needs (-am), whose classes the classpath then names: a fresh machine has
# none of them in the local repository.
./mvnw -q -o -pl product-pusher -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

module="$root/product-pusher"
classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")"
exec java -Xms256m -Xmx1g -Dorg.jboss.logging.provider=jdk \
  -cp "$classpath" dev.tillbridge.pusher.bench.ProductPushBenchmark "$@"
