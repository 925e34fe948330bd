#!/usr/bin/env bash
# How the SDK's read retry strategy copes with ECS's throttling, in real time (ThrottlingBenchmark).
# Usage: functions/src/test/sh/throttling.sh SCENARIO STRATEGY [attempts [call-timeout-s [throttle-base-ms [max-backoff-ms]]]]
#   SCENARIO: cluster5000 | account1500 (or accountN)   STRATEGY: standard | standard-quota | adaptive | none
set -euo pipefail
cd "$(dirname "$0")/../../.."
java="${JAVA:-$( (ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null || true) | head -1)/bin/java}"
[ -f target/cp-test.txt ] || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp-test.txt
"$java" -cp "target/classes:target/test-classes:$(cat target/cp-test.txt)" dev.ecstatic.functions.ThrottlingBenchmark "$@"
