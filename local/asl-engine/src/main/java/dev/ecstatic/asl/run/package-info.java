/**
 * The execution of a state machine: {@link dev.ecstatic.asl.run.Interpreter} moves from state to state,
 * each state type executed by its own class (PassState, TaskState, ChoiceState, WaitState,
 * SucceedState, FailState, ParallelState, InlineMapState, DistributedMapState); RetryAndCatch, History,
 * Limits and InputOutput hold what all of them share; S3ItemReader, MapItemBatcher and
 * S3ResultWriter are a Distributed Map's ItemReader, ItemBatcher and ResultWriter. Implementation of
 * {@link dev.ecstatic.asl}, not API.
 */
package dev.ecstatic.asl.run;
