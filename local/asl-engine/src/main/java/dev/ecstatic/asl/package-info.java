/**
 * A local executor for Amazon States Language state machines in the JSONata dialect, faithful to
 * AWS Step Functions: validation ({@link dev.ecstatic.asl.StateMachine#parse}), execution
 * ({@link dev.ecstatic.asl.Engine#run}) with GetExecutionHistory-shaped histories, AWS's limits,
 * pluggable task invokers ({@link dev.ecstatic.asl.TaskInvoker}), Step Functions Local mock files
 * ({@link dev.ecstatic.asl.MockConfig}) and real or simulated time ({@link dev.ecstatic.asl.EngineClock},
 * {@link dev.ecstatic.asl.SimulatedClock}). It knows nothing of ECS or Lambda.
 */
package dev.ecstatic.asl;
