package dev.ecstatic.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon SNS of one account and region in the AWS Query protocol (signing name {@code sns}, Version 2010-03-31,
 * answers in SNS's XML namespace): Publish to the target's topics, and CreateTopic, ListTopics and
 * GetTopicAttributes around it. Nothing is delivered: each accepted message is kept, in order, for
 * {@link AwsSimulator#snsMessages()}. https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 *
 * <p>Errors as SNS spells them: InvalidParameter and ParameterValueInvalid (400), NotFound (404),
 * AuthorizationError (403), TopicLimitExceeded (403), InternalError (500). Where AWS's exact words are not
 * published, the message follows the ones SNS is seen answering ("Invalid parameter: Subject").
 */
final class SnsApi {

    static final String VERSION = "2010-03-31";
    static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
    static final Set<String> ACTIONS = Set.of("Publish", "CreateTopic", "ListTopics", "GetTopicAttributes");
    /** "messages must be UTF-8 encoded strings and at most 256 KB in size (262,144 bytes, not 262,144 characters)". */
    static final int MAX_MESSAGE_BYTES = 262_144;
    static final int MAX_ATTRIBUTES = 10;
    private static final int PAGE = 100;
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:([a-z-]+):sns:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,256})");
    // Message attribute names: letters, digits, _ - . up to 256, not starting or ending with a period, no two
    // periods in a row, not starting with AWS. or Amazon., https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_-](?:[A-Za-z0-9_.-]{0,254}[A-Za-z0-9_-])?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fleet fleet;
    private final String partition;
    private final Received received;
    /** Topic name to ARN, in creation order (the fleet file's first). */
    private final Map<String, String> topics = new LinkedHashMap<>();
    private long published;

    SnsApi(Fleet fleet, Received received) {
        this.fleet = fleet;
        this.partition = SimFleet.partitionOf(fleet.region());
        this.received = received;
        fleet.topics().forEach(this::create);
    }

    synchronized boolean hasTopic(String name) {
        return topics.containsKey(name);
    }

    /**
     * Answers one action (already checked to be one of {@link #ACTIONS}).
     *
     * @param targets    to tell a topic of another account that exists (AuthorizationError: no topic policy lets
     *                   anyone else publish) from one that does not (NotFound)
     * @param failPublish whether the {@code snsErrorRate} fault fails this request if it is an acceptable Publish
     */
    synchronized byte[] handle(String action, QueryRequest req, Sts.Caller caller, Targets targets, boolean failPublish,
            Instant now, String requestId) {
        return switch (action) {
            case "Publish" -> publish(req, caller, targets, failPublish, now, requestId);
            case "CreateTopic" -> createTopic(req, requestId);
            case "ListTopics" -> listTopics(req, requestId);
            case "GetTopicAttributes" -> topicAttributes(req, caller, targets, requestId);
            default -> throw invalid("Invalid parameter: Action");
        };
    }

    private byte[] publish(QueryRequest req, Sts.Caller caller, Targets targets, boolean fail, Instant now,
            String requestId) {
        String topicArn = req.string("TopicArn");
        String targetArn = req.string("TargetArn");
        if (req.string("PhoneNumber") != null) {
            throw invalid("Invalid parameter: PhoneNumber Reason: the simulator publishes to topics only");
        }
        if (topicArn == null && targetArn == null) {
            throw invalid("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }
        if (topicArn != null && targetArn != null) {
            throw invalid("Invalid parameter: TopicArn or TargetArn Reason: both were given; name the topic once");
        }
        String arn = topicArn != null ? topicArn : targetArn;
        String name = topic(arn, topicArn != null ? "TopicArn" : "TargetArn", caller, targets, "Publish");
        String message = req.string("Message");
        if (message == null || message.isEmpty()) {
            throw invalid("Invalid parameter: Empty message");
        }
        String subject = req.string("Subject");
        if (subject != null && !validSubject(subject)) {
            throw invalid("Invalid parameter: Subject");
        }
        String structure = req.string("MessageStructure");
        if (structure != null) {
            checkStructure(structure, message);
        }
        Map<String, AwsSimulator.MessageAttribute> attributes = attributes(req);
        long size = message.getBytes(StandardCharsets.UTF_8).length;
        for (var e : attributes.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().dataType().length()
                    + e.getValue().value().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_MESSAGE_BYTES) {
            throw invalid("Invalid parameter: Message too long");
        }
        if (fail) {
            throw new QueryError("InternalError", 500, "Internal Error");
        }
        String id = messageId(published++);
        received.add(new AwsSimulator.SnsMessage(now, fleet.accountId(), fleet.region(), topics.get(name), id,
                subject, message, attributes, structure));
        XmlOut x = new XmlOut("PublishResponse", NAMESPACE);
        x.open("PublishResult").element("MessageId", id).close();
        x.open("ResponseMetadata").element("RequestId", requestId).close();
        return x.end();
    }

    /**
     * The name of this target's topic an ARN names. A malformed ARN, or one of another region (a regional endpoint
     * knows its own region's topics), is InvalidParameter; another account's topic that exists refuses the caller
     * (no topic policy is simulated); a topic that does not exist is NotFound.
     */
    private String topic(String arn, String parameter, Sts.Caller caller, Targets targets, String action) {
        Matcher m = TOPIC_ARN.matcher(arn);
        if (!m.matches() || !m.group(1).equals(partition) || !m.group(2).equals(fleet.region())) {
            throw invalid("Invalid parameter: " + parameter);
        }
        String account = m.group(3);
        String name = m.group(4);
        if (!account.equals(fleet.accountId())) {
            Targets.Target other = targets.find(account, fleet.region());
            if (other != null && other.sns.hasTopic(name)) {
                throw new QueryError("AuthorizationError", 403, "User: " + caller.arn(partition)
                        + " is not authorized to perform: SNS:" + action + " on resource: " + arn
                        + " because no resource-based policy allows the SNS:" + action + " action");
            }
            throw notFound();
        }
        if (!topics.containsKey(name)) {
            throw notFound();
        }
        return name;
    }

    /**
     * "Subjects must be ASCII text that begins with a letter, number, or punctuation mark; must not include line
     * breaks or control characters; and must be less than 100 characters long"
     * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html): at most 99 printable ASCII characters, the first
     * not a space. An empty Subject is refused too.
     */
    static boolean validSubject(String subject) {
        if (subject.isEmpty() || subject.length() >= 100 || subject.charAt(0) == ' ') {
            return false;
        }
        return subject.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    /** MessageStructure {@code json}: a JSON object of strings with a {@code default} entry. */
    private static void checkStructure(String structure, String message) {
        if (!structure.equals("json")) {
            throw invalid("Invalid parameter: MessageStructure");
        }
        JsonNode body;
        try {
            body = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            throw invalid("Invalid parameter: Message Structure - JSON message body failed to parse");
        }
        if (body == null || !body.isObject()) {
            throw invalid("Invalid parameter: Message Structure - JSON message body failed to parse");
        }
        JsonNode dflt = body.get("default");
        if (dflt == null || !dflt.isTextual()) {
            throw invalid("Invalid parameter: Message Structure - No default entry in JSON message body");
        }
    }

    /**
     * MessageAttributes, as the Query protocol sends a map: {@code MessageAttributes.entry.N.Name},
     * {@code …Value.DataType}, {@code …Value.StringValue} or {@code …Value.BinaryValue} (base64). Data types
     * String, Number and Binary, each with an optional {@code .<custom>} suffix, and String.Array.
     */
    private static Map<String, AwsSimulator.MessageAttribute> attributes(QueryRequest req) {
        TreeMap<Integer, String> names = new TreeMap<>();
        String prefix = "MessageAttributes.entry.";
        req.params().forEach((k, v) -> {
            if (k.startsWith(prefix) && k.endsWith(".Name")) {
                String n = k.substring(prefix.length(), k.length() - ".Name".length());
                if (!n.isEmpty() && n.length() <= 6 && n.chars().allMatch(Character::isDigit)) {
                    names.put(Integer.parseInt(n), v);
                }
            }
        });
        if (names.size() > MAX_ATTRIBUTES) {
            throw valueInvalid("Number of message attributes [" + names.size() + "] exceeds the allowed maximum ["
                    + MAX_ATTRIBUTES + "].");
        }
        Map<String, AwsSimulator.MessageAttribute> out = new LinkedHashMap<>();
        for (var e : names.entrySet()) {
            String name = e.getValue();
            String at = prefix + e.getKey() + ".Value.";
            if (!ATTRIBUTE_NAME.matcher(name).matches() || name.contains("..") || name.startsWith("AWS.")
                    || name.startsWith("Amazon.")) {
                throw valueInvalid("Invalid attribute name: " + name);
            }
            if (out.containsKey(name)) {
                throw valueInvalid("Duplicate message attribute name: " + name);
            }
            String type = req.string(at + "DataType");
            if (type == null || type.isEmpty()) {
                throw valueInvalid("The message attribute '" + name + "' must contain non-empty message attribute "
                        + "type.");
            }
            String base = type.contains(".") && !type.equals("String.Array") ? type.substring(0, type.indexOf('.'))
                    : type;
            String value;
            switch (base) {
                case "String", "Number", "String.Array" -> {
                    value = req.string(at + "StringValue");
                    if (value == null || value.isEmpty()) {
                        throw valueInvalid("The message attribute '" + name + "' must contain non-empty message "
                                + "attribute value for message attribute type '" + base + "'.");
                    }
                    if (base.equals("Number")) {
                        checkNumber(name, value);
                    }
                    if (base.equals("String.Array")) {
                        checkArray(name, value);
                    }
                }
                case "Binary" -> {
                    value = req.string(at + "BinaryValue");
                    if (value == null || value.isEmpty()) {
                        throw valueInvalid("The message attribute '" + name + "' must contain non-empty message "
                                + "attribute value for message attribute type 'Binary'.");
                    }
                    try {
                        Base64.getDecoder().decode(value);
                    } catch (IllegalArgumentException ex) {
                        throw valueInvalid("The message attribute '" + name + "' has a BinaryValue that is not "
                                + "base64.");
                    }
                }
                default -> throw valueInvalid("The message attribute '" + name + "' has an invalid message attribute "
                        + "type, the set of supported type prefixes is Binary, Number, and String.");
            }
            out.put(name, new AwsSimulator.MessageAttribute(type, value));
        }
        return out;
    }

    /** Number attributes: "Number values can be between -10^9 and 10^9 with 5 digits of precision after the point". */
    private static void checkNumber(String name, String value) {
        BigDecimal n;
        try {
            n = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw valueInvalid("Could not cast message attribute '" + name + "' value to number.");
        }
        if (n.abs().compareTo(BigDecimal.TEN.pow(9)) > 0 || n.stripTrailingZeros().scale() > 5) {
            throw valueInvalid("Value " + value + " for message attribute '" + name + "' is out of the range or "
                    + "precision of a Number (between -10^9 and 10^9, at most 5 digits after the point).");
        }
    }

    private static void checkArray(String name, String value) {
        try {
            JsonNode a = JSON.readTree(value);
            if (a != null && a.isArray()) {
                return;
            }
        } catch (JsonProcessingException e) {
            // answered below
        }
        throw valueInvalid("The message attribute '" + name + "' with type 'String.Array' must be a JSON array.");
    }

    private byte[] createTopic(QueryRequest req, String requestId) {
        String name = req.string("Name");
        if (name == null || !FleetParser.TOPIC_NAME.matcher(name).matches()) {
            throw invalid(name != null && name.endsWith(".fifo")
                    ? "Invalid parameter: Topic Name Reason: FIFO topics are not simulated"
                    : "Invalid parameter: Topic Name");
        }
        if (!topics.containsKey(name) && topics.size() >= FleetParser.MAX_TOPICS) {
            throw new QueryError("TopicLimitExceeded", 403, "Topic limit exceeded");
        }
        String arn = create(name);
        XmlOut x = new XmlOut("CreateTopicResponse", NAMESPACE);
        x.open("CreateTopicResult").element("TopicArn", arn).close();
        x.open("ResponseMetadata").element("RequestId", requestId).close();
        return x.end();
    }

    private String create(String name) {
        return topics.computeIfAbsent(name,
                n -> "arn:" + partition + ":sns:" + fleet.region() + ":" + fleet.accountId() + ":" + n);
    }

    private byte[] listTopics(QueryRequest req, String requestId) {
        List<String> arns = new ArrayList<>(topics.values());
        String token = req.string("NextToken");
        int from = token == null ? 0 : PageToken.decode(token, "ListTopics", () -> invalid("Invalid parameter: NextToken"));
        int to = Math.min(arns.size(), from + PAGE);
        XmlOut x = new XmlOut("ListTopicsResponse", NAMESPACE);
        x.open("ListTopicsResult");
        x.list("Topics", "member", from < to ? arns.subList(from, to) : List.<String>of(), a -> x.element("TopicArn", a));
        x.element("NextToken", to < arns.size() ? PageToken.encode("ListTopics", to) : null);
        x.close();
        x.open("ResponseMetadata").element("RequestId", requestId).close();
        return x.end();
    }

    private byte[] topicAttributes(QueryRequest req, Sts.Caller caller, Targets targets, String requestId) {
        String arn = req.string("TopicArn");
        if (arn == null) {
            throw invalid("Invalid parameter: TopicArn");
        }
        topic(arn, "TopicArn", caller, targets, "GetTopicAttributes");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("TopicArn", arn);
        attributes.put("Owner", fleet.accountId());
        attributes.put("DisplayName", "");
        attributes.put("SubscriptionsConfirmed", "0");
        attributes.put("SubscriptionsPending", "0");
        attributes.put("SubscriptionsDeleted", "0");
        XmlOut x = new XmlOut("GetTopicAttributesResponse", NAMESPACE);
        x.open("GetTopicAttributesResult");
        x.list("Attributes", "entry", attributes.entrySet(), e -> x.element("key", e.getKey()).element("value", e.getValue()));
        x.close();
        x.open("ResponseMetadata").element("RequestId", requestId).close();
        return x.end();
    }

    private String messageId(long n) {
        long seed = fleet.seed();
        return new UUID(Hashing.mix(seed, 0x5A5, n, 1), Hashing.mix(seed, 0x5A5, n, 2)).toString();
    }

    private static QueryError invalid(String message) {
        return QueryError.of("InvalidParameter", message);
    }

    private static QueryError valueInvalid(String message) {
        return QueryError.of("ParameterValueInvalid", message);
    }

    private static QueryError notFound() {
        return new QueryError("NotFound", 404, "Topic does not exist");
    }
}
