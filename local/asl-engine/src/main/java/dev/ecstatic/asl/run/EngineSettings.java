package dev.ecstatic.asl.run;

import dev.ecstatic.asl.EngineClock;
import dev.ecstatic.asl.ExecutionListener;
import dev.ecstatic.asl.Integration;
import dev.ecstatic.asl.MockConfig;
import dev.ecstatic.asl.ObjectStore;
import java.util.List;
import java.util.Map;

/**
 * What an engine runs executions with: made by {@link dev.ecstatic.asl.Engine.Builder}.
 *
 * @param clock real or simulated time
 * @param listener told of every event, or null
 * @param integrations the Task integrations, in the order they are tried
 * @param mocks mocked responses by state name (a MockConfigFile test case)
 * @param objectStore where Distributed Maps read and write S3 objects, or null
 * @param region the region of every ARN
 * @param accountId the account of every ARN
 * @param stateMachineName the state machine's name
 */
public record EngineSettings(EngineClock clock, ExecutionListener listener, List<Integration> integrations,
        Map<String, List<MockConfig.Response>> mocks, ObjectStore objectStore, String region, String accountId,
        String stateMachineName) {
    public EngineSettings {
        integrations = List.copyOf(integrations);
        mocks = Map.copyOf(mocks);
    }

    /** The first integration that supports {@code resource}, or null. */
    public Integration integrationFor(String resource) {
        for (Integration integration : integrations) {
            if (integration.supports(resource)) {
                return integration;
            }
        }
        return null;
    }

    /** The ARN prefix of this account and region for a Step Functions resource type, e.g. "execution". */
    String arn(String resourceType) {
        return "arn:aws:states:" + region + ":" + accountId + ":" + resourceType + ":";
    }
}
