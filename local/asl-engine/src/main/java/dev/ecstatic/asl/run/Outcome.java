package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json.JsonText;

/** What a state produced: its output, and the next state (null when its graph ends). */
record Outcome(JsonText output, String next) {}
