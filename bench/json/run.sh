#!/usr/bin/env bash
# CPU per order of reading and writing one release envelope with and without Jackson's Blackbird module, on one thread
# (thread CPU time, so other load on the machine matters little). bench/README.md, "Lean order path".
# Needs invoice-filter built: ./mvnw -o -q -Dmaven.test.skip=true package -pl invoice-filter -am
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/bin/lib/jdk"
LIB=$ROOT/invoice-filter/target/quarkus-app/lib
CP=$(ls "$LIB"/main/*.jar "$LIB"/boot/*.jar | tr '\n' ':')
# Blackbird is not one of Tillbridge's dependencies (it did not pay): fetched at the version of jackson-databind here.
VERSION=$(ls "$LIB"/main/ | sed -n 's/^com.fasterxml.jackson.core.jackson-databind-\(.*\).jar$/\1/p')
BB=$HOME/.m2/repository/com/fasterxml/jackson/module/jackson-module-blackbird/$VERSION/jackson-module-blackbird-$VERSION.jar
[ -f "$BB" ] || "$ROOT/mvnw" -q dependency:get -Dartifact="com.fasterxml.jackson.module:jackson-module-blackbird:$VERSION" >&2
CP+=":$BB"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
javac -cp "$CP" -d "$OUT" "$ROOT/bench/json/JsonCost.java"
java -Xmx256m -cp "$OUT:$CP" JsonCost "${1:-$ROOT/bench/json/release.json}"
