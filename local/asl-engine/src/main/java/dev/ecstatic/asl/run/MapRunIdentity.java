package dev.ecstatic.asl.run;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The names of one Map Run: its id and ARN, and those of its child executions.
 * ({@code arn:aws:states:<region>:<account>:mapRun:<state machine>/<label>:<id>}, where the label is
 * the Map's Label, or a UUID when it has none, as AWS names them).
 *
 * @param id the Map Run id (a UUID)
 * @param arn the Map Run's ARN
 * @param label the Label, or the UUID standing for it
 * @param childStateMachineArn the ARN child executions report as their state machine's
 * @param executionPrefix the ARN of a child execution, without its name
 */
record MapRunIdentity(String id, String arn, String label, String childStateMachineArn, String executionPrefix) {

    /** The Map Run of the Map state entered as event {@code enteredId} of {@code execution}: stable for the same run. */
    static MapRunIdentity of(EngineSettings settings, ExecutionRun execution, String state, String label,
            long enteredId) {
        String seed = execution.arn + "/" + state + "/" + enteredId;
        String id = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        String mapLabel = label != null ? label
                : UUID.nameUUIDFromBytes((seed + "/label").getBytes(StandardCharsets.UTF_8)).toString();
        String path = settings.stateMachineName() + "/" + mapLabel;
        return new MapRunIdentity(id, settings.arn("mapRun") + path + ":" + id, mapLabel,
                settings.arn("stateMachine") + path, settings.arn("execution") + path + ":");
    }

    /** The name of the child execution for item (or batch) {@code index}. */
    String childName(int index) {
        return id.substring(0, 8) + "-" + index;
    }
}
