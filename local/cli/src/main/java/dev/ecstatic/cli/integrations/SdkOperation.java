package dev.ecstatic.cli.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * One API action of an SDK v2 client, found by the name a Task's Resource gives it
 * ({@code getItem}, {@code putObject}): the client's method of that name, called with a request
 * built from the Task's JSON.
 *
 * <p>Actions with a streaming payload take or give it as the {@code Body} member, as Step Functions
 * does: S3 putObject uploads the Body's JSON text (a string keeps its quotes: {@code "text data"} is
 * stored as 11 bytes), with {@code RequestBody.fromString}, whose content type is
 * {@code text/plain; charset=UTF-8}; getObject gives the object's bytes as text.
 *
 * @param service the service
 * @param action the action as a Resource names it
 * @param method the client's method
 * @param requestType the method's request class
 * @param streaming whether the request or the response carries a streaming payload
 */
record SdkOperation(SdkService service, String action, Method method, Class<?> requestType, Streaming streaming) {

    /** The member that carries a streaming payload (S3 GetObject, PutObject, UploadPart...). */
    static final String BODY = "Body";

    /** Which side of the call streams its payload. */
    enum Streaming { NONE, REQUEST, RESPONSE }

    /** An action's outcome: the response, and the streamed payload for a streaming response. */
    record Result(SdkResponse response, byte[] body) {}

    /** The action of {@code service} a Resource names, if its client has it. */
    static Optional<SdkOperation> find(SdkService service, String action) {
        Method plain = null;
        Method upload = null;
        Method download = null;
        for (Method method : service.clientType().getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (!method.getName().equals(action) || Modifier.isStatic(method.getModifiers()) || parameters.length == 0
                    || !SdkRequest.class.isAssignableFrom(parameters[0])) {
                continue;
            }
            if (parameters.length == 1 && SdkResponse.class.isAssignableFrom(method.getReturnType())) {
                plain = method;
            } else if (parameters.length == 2 && parameters[1] == RequestBody.class) {
                upload = method;
            } else if (parameters.length == 2 && parameters[1] == ResponseTransformer.class) {
                download = method;
            }
        }
        if (plain != null) {
            return Optional.of(new SdkOperation(service, action, plain, plain.getParameterTypes()[0], Streaming.NONE));
        }
        if (upload != null) {
            return Optional.of(new SdkOperation(service, action, upload, upload.getParameterTypes()[0], Streaming.REQUEST));
        }
        return Optional.ofNullable(download)
                .map(method -> new SdkOperation(service, action, method, method.getParameterTypes()[0], Streaming.RESPONSE));
    }

    /**
     * Calls the action.
     *
     * @throws SdkModelJson.InvalidMember when {@code arguments} do not fit the request
     * @throws SdkException what the SDK threw: a service's error or a client-side failure
     */
    Result call(SdkClient client, ObjectNode arguments) throws SdkModelJson.InvalidMember {
        ObjectNode members = arguments.deepCopy();
        JsonNode body = streaming == Streaming.REQUEST ? members.remove(BODY) : null;
        SdkPojo builder = requestBuilder();
        new SdkModelJson(service.protocol()).fill(builder, members, "");
        SdkRequest request = (SdkRequest) ((SdkBuilder<?, ?>) builder).build();
        Object returned = switch (streaming) {
            case NONE -> invoke(client, request);
            case REQUEST -> invoke(client, request, body == null ? RequestBody.empty() : RequestBody.fromString(body.toString()));
            case RESPONSE -> invoke(client, request, ResponseTransformer.toBytes());
        };
        if (returned instanceof ResponseBytes<?> bytes) {
            return new Result((SdkResponse) bytes.response(), bytes.asByteArray());
        }
        return new Result((SdkResponse) returned, null);
    }

    private SdkPojo requestBuilder() {
        try {
            return (SdkPojo) requestType.getMethod("builder").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(requestType.getName() + " has no builder() the SDK's models all have", e);
        }
    }

    private Object invoke(SdkClient client, Object... arguments) {
        try {
            return method.invoke(client, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw new IllegalStateException(method + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(method + " is not accessible", e);
        }
    }

    @Override
    public String toString() {
        return method.getDeclaringClass().getSimpleName() + "." + action + Arrays.toString(method.getParameterTypes());
    }
}
