/**
 * A local executor for Amazon States Language state machines (JSONata and JSONPath dialects),
 * faithful to AWS Step Functions. This package is the API: validation ({@link dev.ecstatic.asl.StateMachine#parse},
 * {@link dev.ecstatic.asl.Engine#parse}), execution ({@link dev.ecstatic.asl.Engine#run}) with
 * GetExecutionHistory-shaped histories and AWS's limits, the services it calls through
 * {@link dev.ecstatic.asl.Integration}s and the S3 objects Distributed Maps read and write through an
 * {@link dev.ecstatic.asl.ObjectStore} (both plugged in by the caller: the engine knows no service),
 * Step Functions Local mock files ({@link dev.ecstatic.asl.MockConfig}) and real or simulated time
 * ({@link dev.ecstatic.asl.EngineClock}, {@link dev.ecstatic.asl.SimulatedClock}). The sub-packages are
 * the implementation: {@code definition} (the parsed definition), {@code data} (JSONata, JSONPath,
 * intrinsic functions, payload templates) and {@code run} (the execution, one class per state type).
 */
package dev.ecstatic.asl;
