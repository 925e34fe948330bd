package dev.ecstatic.functions;

import java.util.Map;

/** Configuration of the handlers that need nothing but a log level. */
record HandlerConfig(Log.Level logLevel) {
    static HandlerConfig from(Map<String, String> env) {
        return new HandlerConfig(Log.level(env));
    }
}
