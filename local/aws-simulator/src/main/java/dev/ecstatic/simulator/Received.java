package dev.ecstatic.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * What SNS and EventBridge accepted, every account and region together, in the order it was accepted: the
 * simulator's stand-in for subscribers and rules, read through {@link AwsSimulator#snsMessages()} and
 * {@link AwsSimulator#events()}.
 */
final class Received {

    private final List<AwsSimulator.SnsMessage> messages = new ArrayList<>();
    private final List<AwsSimulator.Event> events = new ArrayList<>();
    private final List<AwsSimulator.Event> undelivered = new ArrayList<>();

    synchronized void add(AwsSimulator.SnsMessage m) {
        messages.add(m);
    }

    synchronized void add(AwsSimulator.Event e, boolean delivered) {
        (delivered ? events : undelivered).add(e);
    }

    synchronized List<AwsSimulator.SnsMessage> messages() {
        return List.copyOf(messages);
    }

    synchronized List<AwsSimulator.Event> events() {
        return List.copyOf(events);
    }

    synchronized List<AwsSimulator.Event> undelivered() {
        return List.copyOf(undelivered);
    }
}
