/**
 * A state machine definition parsed and validated once: each state a record of the sealed
 * {@link dev.ecstatic.asl.definition.State} (Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map),
 * with its {@link dev.ecstatic.asl.definition.DataFlow} in its dialect, its Retry and Catch, and, for
 * a Map, its {@link dev.ecstatic.asl.definition.MapConfig} (ItemReader, ItemBatcher, ResultWriter).
 * Every problem is reported as {@code State "X": field "Y": problem}. Implementation of
 * {@link dev.ecstatic.asl}, not API.
 */
package dev.ecstatic.asl.definition;
