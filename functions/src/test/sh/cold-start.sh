#!/usr/bin/env bash
# Measures a handler's first invocation in a fresh JVM with each SDK HTTP client: construction of
# ListClustersHandler from its environment plus one call against a local ECS/SSM stub
# (ColdStartBenchmark). Prints every run and the median per client.
# Usage: functions/src/test/sh/cold-start.sh [runs] [java]   (defaults: 5, the toolchain's JDK 21+)
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs="${1:-5}"
java="${2:-$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -1)/bin/java}"
mvn -B -q test-compile
for client in url-connection-client aws-crt-client; do
  mvn -B -q dependency:build-classpath -Dsdk.http.client="$client" -Dmdep.includeScope=test \
    -Dmdep.outputFile="target/cp-$client.txt"
done
for i in $(seq "$runs"); do
  for client in url-connection-client aws-crt-client; do
    # Lambda's Java runtimes stop tiered compilation at C1 by default.
    line=$("$java" -XX:TieredStopAtLevel=1 -cp "target/classes:target/test-classes:$(cat "target/cp-$client.txt")" \
      dev.ecstatic.functions.ColdStartBenchmark 2>/dev/null | tail -1)
    echo "$client $line" | tee -a target/cold-start.txt
  done
done
for client in url-connection-client aws-crt-client; do
  grep "^$client " target/cold-start.txt | tail -"$runs" | sed 's/.*total_ms=//' | sort -n \
    | awk -v c="$client" '{a[NR]=$1} END {print c, "median total_ms=" a[int((NR+1)/2)], "of", NR, "runs"}'
done
