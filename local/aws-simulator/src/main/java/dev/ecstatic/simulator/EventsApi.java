package dev.ecstatic.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon EventBridge of one account and region (AWS JSON 1.1, {@code X-Amz-Target: AWSEvents.<Action>}):
 * PutEvents onto the target's event buses, and CreateEventBus, ListEventBuses and DescribeEventBus around it.
 * No rule runs: each accepted event is kept, in order, for {@link AwsSimulator#events()}.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 *
 * <p>A PutEvents whose entries fail still answers 200: each failed entry carries an ErrorCode and ErrorMessage
 * instead of an EventId, and FailedEntryCount counts them (the per-entry codes of
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html). An event for a bus
 * that does not exist is accepted and goes nowhere, as AWS does (https://github.com/aws/aws-cli/issues/9186):
 * {@link AwsSimulator#undeliveredEvents()} keeps it.
 */
final class EventsApi {

    static final String PREFIX = "AWSEvents.";
    static final Set<String> ACTIONS = Set.of("PutEvents", "CreateEventBus", "ListEventBuses", "DescribeEventBus");
    static final String DEFAULT_BUS = "default";
    static final int MAX_ENTRIES = 10;
    /** "The total entry size must be less than 256KB", sized as "Calculating PutEvents event entry size" says. */
    static final int MAX_TOTAL_BYTES = 262_144;
    // DetailType: "Free-form string, with a maximum of 128 characters".
    static final int MAX_DETAIL_TYPE = 128;
    private static final Pattern BUS_ARN = Pattern.compile("arn:(aws[\\w-]*):events:([a-z0-9-]+):(\\d{12}):event-bus/(.+)");
    private static final Pattern BUS_NAME_OR_ARN = Pattern.compile(
            "(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus/)?[/.\\-_A-Za-z0-9]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fleet fleet;
    private final String partition;
    private final Received received;
    /** Bus name to ARN, {@code default} first. */
    private final Map<String, String> buses = new LinkedHashMap<>();
    private long eventSerial;

    EventsApi(Fleet fleet, Received received) {
        this.fleet = fleet;
        this.partition = SimFleet.partitionOf(fleet.region());
        this.received = received;
        create(DEFAULT_BUS);
        fleet.eventBuses().forEach(this::create);
    }

    /**
     * Answers one action (already checked to be one of {@link #ACTIONS}).
     *
     * @param entryFails whether the {@code putEventsFailedEntryRate} fault fails the entry of this index
     */
    synchronized JsonNode handle(String action, JsonRequest req, String callerArn, IntPredicate entryFails,
            Instant now) {
        return switch (action) {
            case "PutEvents" -> putEvents(req, callerArn, entryFails, now);
            case "CreateEventBus" -> createBus(req);
            case "ListEventBuses" -> listBuses(req);
            case "DescribeEventBus" -> describeBus(req);
            default -> throw AwsError.unknownOperation("Unknown operation " + PREFIX + action + ".");
        };
    }

    private JsonNode putEvents(JsonRequest req, String callerArn, IntPredicate entryFails, Instant now) {
        if (req.string("EndpointId") != null) {
            throw validation("EndpointId: global endpoints are not simulated; leave it out");
        }
        JsonNode entries = req.body().get("Entries");
        if (entries == null || entries.isNull()) {
            throw validation("1 validation error detected: Value null at 'entries' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (!entries.isArray()) {
            throw AwsError.serialization("Member Entries must be a list of PutEventsRequestEntry");
        }
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member "
                    + "must have length " + (entries.isEmpty() ? "greater than or equal to 1"
                            : "less than or equal to " + MAX_ENTRIES));
        }
        List<JsonRequest> list = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            if (!e.isObject()) {
                throw AwsError.serialization("Member Entries must be a list of PutEventsRequestEntry");
            }
            JsonRequest entry = new JsonRequest(e);
            String bus = entry.string("EventBusName");
            if (bus != null && (bus.isEmpty() || bus.length() > 1600 || !BUS_NAME_OR_ARN.matcher(bus).matches())) {
                throw validation("1 validation error detected: Value '" + bus + "' at 'entries." + (i + 1)
                        + ".member.eventBusName' failed to satisfy constraint: Member must satisfy regular "
                        + "expression pattern: " + BUS_NAME_OR_ARN.pattern());
            }
            time(entry);
            List<String> resources = entry.strings("Resources");
            total += entrySize(entry, resources);
            list.add(entry);
        }
        if (total > MAX_TOTAL_BYTES) {
            throw validation("Total size of the entries in the request is over the limit.");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode results = out.putArray("Entries");
        int failed = 0;
        for (int i = 0; i < list.size(); i++) {
            ObjectNode r = results.addObject();
            String[] error = accept(list.get(i), callerArn, entryFails.test(i), now);
            if (error.length == 2) {
                r.put("ErrorCode", error[0]);
                r.put("ErrorMessage", error[1]);
                failed++;
            } else {
                r.put("EventId", error[0]);
            }
        }
        out.put("FailedEntryCount", failed);
        return out;
    }

    /** One entry: its EventId when accepted, else its ErrorCode and ErrorMessage. */
    private String[] accept(JsonRequest entry, String callerArn, boolean injectedFailure, Instant now) {
        String source = entry.string("Source");
        String detailType = entry.string("DetailType");
        String detail = entry.string("Detail");
        if (source == null || source.isEmpty()) {
            return new String[] {"InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."};
        }
        if (detailType == null || detailType.isEmpty()) {
            return new String[] {"InvalidArgument",
                    "Parameter DetailType is not valid. Reason: DetailType is a required argument."};
        }
        if (detailType.length() > MAX_DETAIL_TYPE) {
            return new String[] {"InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is longer "
                    + "than " + MAX_DETAIL_TYPE + " characters."};
        }
        if (detail == null || detail.isEmpty()) {
            return new String[] {"InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."};
        }
        if (!isJsonObject(detail)) {
            return new String[] {"MalformedDetail", "Detail is malformed."};
        }
        // Sources beginning with aws. are AWS services' own.
        if (source.startsWith("aws.")) {
            return new String[] {"NotAuthorizedForSourceException", "Not authorized for the source."};
        }
        String bus = entry.string("EventBusName");
        String arn;
        boolean delivered;
        if (bus == null) {
            arn = buses.get(DEFAULT_BUS);
            delivered = true;
        } else {
            Matcher m = BUS_ARN.matcher(bus);
            if (m.matches() && (!m.group(3).equals(fleet.accountId()) || !m.group(2).equals(fleet.region())
                    || !m.group(1).equals(partition))) {
                // No event bus policy is simulated: another account's or region's bus takes nothing from this caller.
                return new String[] {"AccessDeniedException", "User: " + callerArn + " is not authorized to perform: "
                        + "events:PutEvents on resource: " + bus};
            }
            String name = m.matches() ? m.group(4) : bus;
            delivered = buses.containsKey(name);
            arn = delivered ? buses.get(name) : arnOf(name);
        }
        if (injectedFailure) {
            return new String[] {"InternalFailure", "Internal Failure"};
        }
        String id = eventId(eventSerial++);
        Instant time = time(entry);
        List<String> resources = entry.strings("Resources");
        received.add(new AwsSimulator.Event(now, fleet.accountId(), fleet.region(), arn, id, source, detailType, detail,
                resources == null ? List.of() : resources, time == null ? now : time), delivered);
        return new String[] {id};
    }

    /** Time: AWS JSON 1.1 sends timestamps as epoch seconds (a number, fractions allowed). */
    private static Instant time(JsonRequest entry) {
        JsonNode t = entry.body().get("Time");
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isNumber()) {
            throw AwsError.serialization("Member Time must be a timestamp (epoch seconds)");
        }
        BigDecimal seconds = t.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
    }

    /**
     * An entry's size as "Calculating PutEvents event entry size" counts it: 14 bytes for a Time, and the UTF-8
     * bytes of Source, DetailType, Detail and each Resources entry.
     * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
     */
    static long entrySize(JsonRequest entry, List<String> resources) {
        long size = entry.body().hasNonNull("Time") ? 14 : 0;
        for (String member : List.of("Source", "DetailType", "Detail")) {
            String v = entry.string(member);
            size += v == null ? 0 : v.getBytes(StandardCharsets.UTF_8).length;
        }
        if (resources != null) {
            for (String r : resources) {
                size += r.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return size;
    }

    private static boolean isJsonObject(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private JsonNode createBus(JsonRequest req) {
        String name = req.string("Name");
        if (name == null || !FleetParser.EVENT_BUS_NAME.matcher(name).matches()) {
            throw validation("1 validation error detected: Value '" + name + "' at 'name' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
        }
        if (buses.containsKey(name)) {
            throw new AwsError("ResourceAlreadyExistsException", 400, "Event bus " + name + " already exists.");
        }
        if (buses.size() > FleetParser.MAX_EVENT_BUSES) {
            throw new AwsError("LimitExceededException", 400, "The requested resource exceeds the maximum number "
                    + "allowed.");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("EventBusArn", create(name));
        return out;
    }

    private JsonNode listBuses(JsonRequest req) {
        String prefix = req.string("NamePrefix");
        Integer limit = req.integer("Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy "
                    + "constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                            : "less than or equal to 100"));
        }
        List<String> names = buses.keySet().stream().filter(n -> prefix == null || n.startsWith(prefix)).toList();
        String listing = "ListEventBuses|" + prefix;
        String token = req.string("NextToken");
        int from = token == null ? 0 : PageToken.decode(token, listing,
                () -> validation("The NextToken provided is invalid."));
        int to = Math.min(names.size(), from + (limit == null ? 100 : limit));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("EventBuses");
        for (String n : from < to ? names.subList(from, to) : List.<String>of()) {
            list.addObject().put("Name", n).put("Arn", buses.get(n));
        }
        if (to < names.size()) {
            out.put("NextToken", PageToken.encode(listing, to));
        }
        return out;
    }

    private JsonNode describeBus(JsonRequest req) {
        String given = req.string("Name");
        String name = given == null ? DEFAULT_BUS : given;
        Matcher m = BUS_ARN.matcher(name);
        if (m.matches() && m.group(3).equals(fleet.accountId()) && m.group(2).equals(fleet.region())) {
            name = m.group(4);
        }
        if (!buses.containsKey(name)) {
            throw new AwsError("ResourceNotFoundException", 400, "Event bus " + name + " does not exist.");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Name", name).put("Arn", buses.get(name));
        return out;
    }

    private String create(String name) {
        return buses.computeIfAbsent(name, this::arnOf);
    }

    private String arnOf(String name) {
        return "arn:" + partition + ":events:" + fleet.region() + ":" + fleet.accountId() + ":event-bus/" + name;
    }

    private String eventId(long n) {
        long seed = fleet.seed();
        return new UUID(Hashing.mix(seed, 0xEB, n, 1), Hashing.mix(seed, 0xEB, n, 2)).toString();
    }

    private static AwsError validation(String message) {
        return new AwsError("ValidationException", 400, message);
    }
}
