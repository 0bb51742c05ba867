package com.leadignite.apidoc;

import com.leadignite.web.JsonNames;
import com.leadignite.crm.assistants.AssistantInput;
import com.leadignite.crm.calls.CallInput;
import com.leadignite.crm.leads.LeadInput;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;

/**
 * Completes springdoc's document so that a client generator gets the API as it is on the wire:
 * snake_case names (the application's Jackson naming; swagger-core introspects with its own mapper),
 * the bodies read strictly as raw JSON, real statuses, the error shapes, public routes, enums and limits.
 */
final class ApiDocument {

    static final String PROBLEM = "Problem";
    static final String AUTH_ERROR = "AuthError";
    static final String USER = "User";
    static final List<String> LEAD_STATUS = List.of("new", "contacted", "qualified", "unqualified", "converted");
    static final List<String> ROLES = List.of("admin", "agent", "user");
    static final List<String> CALL_DIRECTION = List.of("inbound", "outbound");
    static final List<String> CALL_OUTCOME = List.of("answered", "no_answer", "voicemail", "busy", "failed");
    static final List<String> ASSISTANT_PROVIDER = List.of("vapi", "elevenlabs");
    static final List<String> WEBHOOK_PROVIDER = List.of("vapi", "ghl", "elevenlabs");

    /** Schemas whose property values are closed sets, by wire name. */
    private static final Map<String, Map<String, List<String>>> ENUMS = Map.ofEntries(
            Map.entry("Lead", Map.of("status", LEAD_STATUS)),
            Map.entry("NewLead", Map.of("status", LEAD_STATUS)),
            Map.entry("LeadPatch", Map.of("status", LEAD_STATUS)),
            Map.entry("Call", Map.of("direction", CALL_DIRECTION, "outcome", CALL_OUTCOME)),
            Map.entry("NewCall", Map.of("direction", CALL_DIRECTION, "outcome", CALL_OUTCOME)),
            Map.entry("Assistant", Map.of("provider", ASSISTANT_PROVIDER)),
            Map.entry("NewAssistant", Map.of("provider", ASSISTANT_PROVIDER)),
            Map.entry("AssistantPatch", Map.of("provider", ASSISTANT_PROVIDER)),
            Map.entry("UserResource", Map.of("role", ROLES)),
            Map.entry("RoleChangeRequest", Map.of("role", ROLES)),
            Map.entry("CreateInvitationRequest", Map.of("role", ROLES)),
            Map.entry("InvitationCreated", Map.of("role", ROLES)),
            Map.entry("InvitationResource", Map.of("role", ROLES)),
            Map.entry("CreateRequest", Map.of("provider", WEBHOOK_PROVIDER)),
            Map.entry("EndpointView", Map.of("provider", WEBHOOK_PROVIDER)),
            Map.entry("IssuedView", Map.of("provider", WEBHOOK_PROVIDER)));

    /** Required members of bodies, as the services refuse their absence. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "NewLead", List.of("first_name"),
            "NewCall", List.of("direction", "started_at"),
            "NewAssistant", List.of("name", "provider"),
            "LeadAssignment", List.of("agent_id"),
            "KeyRotation", List.of("kind"),
            "CaptureRequest", List.of("first_name"),
            "CreateInvitationRequest", List.of("email", "role"),
            "RoleChangeRequest", List.of("role"),
            "CreateRequest", List.of("provider"));

    /** Request bodies and error shapes: their nullability and required members are stated explicitly. */
    private static final Set<String> BODIES = Set.of("NewLead", "LeadPatch", "NewCall", "NewAssistant", "AssistantPatch",
            "LeadAssignment", "KeyRotation", "CaptureRequest", "CreateInvitationRequest", "CreateFormKeyRequest",
            "RoleChangeRequest", "CreateRequest", "ApiKey", "DialRequest", "SignUp", "Token", "UserUpdate", "Reauthenticate", "MetaSecurity",
            PROBLEM, AUTH_ERROR);

    /** Members every answer carries; the others may be null (the JsonMapper writes nulls). */
    private static final Set<String> ALWAYS_PRESENT = Set.of("id", "org_id", "created_at", "updated_at", "items", "page",
            "size", "total", "first_name", "status", "role", "provider", "direction", "started_at", "name", "action",
            "occurred_at", "valid", "checked", "key", "url", "allowed_origins", "locked", "expires_at", "access_token",
            "token_type", "expires_in", "refresh_token", "user");

    /** Limits of the public capture form ({@code CaptureValidator}), which has no annotations to read. */
    private static final Map<String, Integer> CAPTURE_MAX = Map.of("first_name", 100, "last_name", 100, "email", 254,
            "phone", 16, "company", 200, "source", 100, "notes", 10_000);

    private ApiDocument() {
    }

    static void complete(OpenAPI api) {
        Components components = api.getComponents();
        if (components.getSchemas() == null) {
            components.setSchemas(new LinkedHashMap<>());
        }
        Map<String, Schema> schemas = components.getSchemas();
        schemas.put(PROBLEM, problem());
        schemas.put(AUTH_ERROR, authError());
        inputs(schemas);
        health(api);
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            contentTypes(op);
            ApiCatalog.Op entry = ApiCatalog.OPS.get(method.name() + " " + path);
            if (entry != null) {
                complete(path, op, entry);
            }
        }));
        // Raw JSON bodies are described above by their input records; the tree type itself is no wire format.
        schemas.remove("JsonNode");
        schemas.values().forEach(ApiDocument::snakeCase);
        api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> inlineSchemas(op).forEach(ApiDocument::snakeCase)));
        ENUMS.forEach((name, props) -> {
            Schema<?> s = schemas.get(name);
            if (s != null && s.getProperties() != null) {
                props.forEach((prop, values) -> enumerate(s.getProperties().get(prop), values));
            }
        });
        schemas.forEach((name, s) -> {
            if (!BODIES.contains(name)) {
                answer((Schema<?>) s);
            }
        });
        for (String patch : List.of("LeadPatch", "AssistantPatch")) {
            Map<String, Schema> props = schemas.get(patch).getProperties();
            props.forEach((prop, p) -> {
                if (!Set.of("first_name", "status", "name", "provider").contains(prop)) {
                    nullable((Schema<?>) p);
                }
            });
        }
        REQUIRED.forEach((name, required) -> {
            if (schemas.get(name) != null) {
                schemas.get(name).setRequired(new ArrayList<>(required));
            }
        });
        Schema<?> capture = schemas.get("CaptureRequest");
        if (capture != null && capture.getProperties() != null) {
            CAPTURE_MAX.forEach((prop, max) -> {
                Schema<?> p = capture.getProperties().get(prop);
                if (p != null) {
                    p.setMaxLength(max);
                }
            });
            capture.setDescription("At least one of email and phone. Every other field is refused as unknown.");
        }
        PARAMETER_ENUMS.forEach((key, values) -> {
            String[] k = key.split(" ");
            PathItem item = api.getPaths().get(k[1]);
            Operation op = item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(k[0]));
            if (op != null && op.getParameters() != null) {
                op.getParameters().stream().filter(p -> k[2].equals(p.getName())).forEach(p -> enumerate(p.getSchema(), values));
            }
        });
        authUser(api, schemas);
    }

    /**
     * GoTrue's user object ({@code auth.user.UserJson}) in place of the free-form map the handlers
     * return, so a generated client reads {@code user.app_metadata.org_id} and {@code role} typed.
     */
    private static void authUser(OpenAPI api, Map<String, Schema> schemas) {
        Schema<?> nullableTime = type("string", "null").format("date-time");
        Schema<?> user = object()
                .addProperty("id", type("string").format("uuid"))
                .addProperty("aud", type("string"))
                .addProperty("role", type("string"))
                .addProperty("email", type("string"))
                .addProperty("email_confirmed_at", nullableTime)
                .addProperty("phone", type("string"))
                .addProperty("confirmed_at", nullableTime)
                .addProperty("last_sign_in_at", nullableTime)
                .addProperty("app_metadata", object()
                        .addProperty("provider", type("string"))
                        .addProperty("providers", type("array").items(type("string")))
                        .addProperty("org_id", type("string").format("uuid"))
                        .addProperty("role", enumerate(type("string"), List.of("admin", "agent", "user")))
                        .required(List.of("provider", "providers", "org_id", "role")))
                .addProperty("user_metadata", object().additionalProperties(Boolean.TRUE))
                .addProperty("identities", type("array").items(object().additionalProperties(Boolean.TRUE)))
                .addProperty("created_at", nullableTime)
                .addProperty("updated_at", nullableTime)
                .addProperty("is_anonymous", type("boolean"));
        user.setRequired(List.of("id", "aud", "role", "email", "app_metadata", "user_metadata", "created_at", "updated_at"));
        user.setDescription("Supabase Auth (GoTrue) user; app_metadata carries the org and the role in it");
        schemas.put(USER, user);
        Schema<?> session = schemas.get("SessionResponse");
        if (session != null && session.getProperties() != null && session.getProperties().containsKey("user")) {
            session.getProperties().put("user", ref(USER));
        }
        // Sign-up answers a session, or (email confirmation on) the user alone, as GoTrue does.
        PathItem signUp = api.getPaths().get("/auth/v1/signup");
        ApiResponse signedUp = signUp == null || signUp.getPost() == null || signUp.getPost().getResponses() == null ? null
                : signUp.getPost().getResponses().get("200");
        MediaType signUpJson = signedUp == null || signedUp.getContent() == null ? null
                : signedUp.getContent().get("application/json");
        if (signUpJson != null) {
            signUpJson.setSchema(new JsonSchema().oneOf(List.of(ref("SessionResponse"), ref(USER))));
        }
        PathItem item = api.getPaths().get("/auth/v1/user");
        if (item != null) {
            for (Operation op : item.readOperations()) {
                ApiResponse ok = op.getResponses() == null ? null : op.getResponses().get("200");
                MediaType json = ok == null || ok.getContent() == null ? null : ok.getContent().get("application/json");
                if (json != null) {
                    json.setSchema(ref(USER));
                }
            }
        }
    }

    /** Query parameters with a closed set of values: {@code "METHOD /path name"}. */
    private static final Map<String, List<String>> PARAMETER_ENUMS = Map.of(
            "GET /api/v1/leads status", LEAD_STATUS,
            "POST /auth/v1/token grant_type", List.of("password", "refresh_token"),
            "POST /auth/v1/token session", List.of("cookie"),
            "POST /auth/v1/logout scope", List.of("global", "local", "others"));

    private static void complete(String path, Operation op, ApiCatalog.Op entry) {
        boolean auth = path.startsWith("/auth/v1/");
        op.setOperationId(entry.id());
        op.setSummary(entry.summary());
        op.setTags(List.of(entry.tag()));
        if (entry.body() != null) {
            op.setRequestBody(new RequestBody().required(true).content(new Content()
                    .addMediaType("application/json", new MediaType().schema(ref(entry.body())))));
        }
        ApiResponses old = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        Content success = old.entrySet().stream().filter(e -> e.getKey().startsWith("2")).map(e -> e.getValue().getContent())
                .filter(c -> c != null).findFirst().orElse(null);
        Set<Integer> codes = new TreeSet<>(entry.extraErrors());
        codes.add(entry.status());
        codes.add(429);
        codes.add(500);
        if (!entry.isPublic()) {
            codes.add(401);
            if (!auth) {
                codes.add(403);
            }
        }
        if (path.contains("{") && !auth) {
            codes.add(404);
        }
        if (op.getRequestBody() != null) {
            codes.addAll(List.of(400, 413, 415));
        }
        ApiResponses responses = new ApiResponses();
        for (int code : codes) {
            ApiResponse r = new ApiResponse().description(HttpStatus.valueOf(code).getReasonPhrase());
            if (code < 300 && code != 204) {
                r.setContent(success);
            } else if (code >= 400) {
                r.setContent(auth
                        ? new Content().addMediaType("application/json", new MediaType().schema(ref(AUTH_ERROR)))
                        : new Content().addMediaType("application/problem+json", new MediaType().schema(ref(PROBLEM))));
            }
            responses.addApiResponse(String.valueOf(code), r);
        }
        op.setResponses(responses);
        if (entry.isPublic()) {
            op.setSecurity(new ArrayList<>());
        }
    }

    /** springdoc answers {@code *}{@code /*} for handlers without {@code produces}; they all produce JSON. */
    private static void contentTypes(Operation op) {
        if (op.getResponses() == null) {
            return;
        }
        op.getResponses().values().forEach(r -> {
            if (r.getContent() != null && r.getContent().containsKey("*/*")) {
                Content c = new Content();
                r.getContent().forEach((type, media) -> c.addMediaType("*/*".equals(type) ? "application/json" : type, media));
                r.setContent(c);
            }
        });
    }

    /** The bodies handlers read as raw JSON (crm.common.JsonBodies), described by their input records. */
    private static void inputs(Map<String, Schema> schemas) {
        schemas.put("NewLead", closed(read(LeadInput.class)));
        schemas.put("LeadPatch", closed(read(LeadInput.class)));
        schemas.put("NewCall", closed(read(CallInput.class)));
        schemas.put("NewAssistant", closed(read(AssistantInput.class)));
        schemas.put("AssistantPatch", closed(read(AssistantInput.class)));
        for (String patch : List.of("LeadPatch", "AssistantPatch")) {
            schemas.get(patch).setRequired(null);
            schemas.get(patch).setDescription("Only the fields present change; null clears an optional field.");
        }
        schemas.put("LeadAssignment", closed(object().addProperty("agent_id", type("string", "null").format("uuid")
                .description("An agent of the lead's organization; null removes the assignment"))));
        schemas.put("KeyRotation", closed(object().addProperty("kind", enumerate(type("string"), List.of("jwt", "encryption")))));
        schemas.put("ApiKey", closed(object().addProperty("api_key", type("string").minLength(8).maxLength(512)
                .pattern("^[\\x21-\\x7E]+$").description("The provider's API key; shown again only by its last 4 characters")))
                .required(List.of("api_key")));
        schemas.put("DialRequest", closed(object().addProperty("assistant_id", type("string").format("uuid")
                .description("A published Vapi assistant of the organization"))).required(List.of("assistant_id")));
        for (String strict : List.of("CaptureRequest", "CreateInvitationRequest", "CreateFormKeyRequest", "RoleChangeRequest",
                "CreateRequest")) {
            if (schemas.get(strict) != null) {
                closed(schemas.get(strict));
            }
        }
    }

    private static Schema<?> read(Class<?> type) {
        Schema<?> s = ModelConverters.getInstance(true).readAllAsResolvedSchema(new AnnotatedType(type)).schema;
        s.setRequired(null);
        return s;
    }

    private static void answer(Schema<?> s) {
        if (s.getProperties() == null) {
            return;
        }
        List<String> required = new ArrayList<>();
        s.getProperties().forEach((prop, p) -> {
            if (ALWAYS_PRESENT.contains(prop)) {
                required.add(prop);
            } else {
                nullable(p);
            }
        });
        if (!required.isEmpty()) {
            s.setRequired(required);
        }
    }

    @SuppressWarnings("unchecked")
    private static void nullable(Schema<?> p) {
        if (p.getTypes() != null && !p.getTypes().isEmpty() && !p.getTypes().contains("null")) {
            Set<String> types = new LinkedHashSet<>(p.getTypes());
            types.add("null");
            p.setTypes(types);
            if (p.getEnum() != null && !p.getEnum().contains(null)) {
                List<Object> values = new ArrayList<>(p.getEnum());
                values.add(null);
                ((Schema<Object>) p).setEnum(values);
            }
        }
    }

    private static Schema<?> closed(Schema<?> s) {
        s.setAdditionalProperties(Boolean.FALSE);
        return s;
    }

    /** RFC 9457 with this service's {@code request_id} and field errors. */
    private static Schema<?> problem() {
        Schema<?> s = object()
                .addProperty("type", type("string").format("uri-reference"))
                .addProperty("title", type("string"))
                .addProperty("status", type("integer").minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599)))
                .addProperty("detail", type("string"))
                .addProperty("instance", type("string", "null"))
                .addProperty("request_id", type("string"))
                .addProperty("errors", type("array").items(object()
                        .addProperty("field", type("string")).addProperty("message", type("string"))
                        .required(List.of("field", "message"))));
        s.setRequired(List.of("type", "title", "status"));
        s.setDescription("RFC 9457 problem details (application/problem+json) with the request id");
        return s;
    }

    /** GoTrue's error: {@code {code, error_code, msg}}, or {@code {code, message}} with X-Supabase-Api-Version 2024-01-01. */
    private static Schema<?> authError() {
        Schema<?> s = object()
                .addProperty("code", type("integer", "string").description("HTTP status (legacy) or the error code (2024-01-01)"))
                .addProperty("error_code", type("string"))
                .addProperty("msg", type("string"))
                .addProperty("message", type("string"))
                .addProperty("weak_password", object().addProperty("reasons", type("array").items(type("string"))));
        s.setRequired(List.of("code"));
        s.setDescription("Supabase Auth (GoTrue) error; the code is also in the x-sb-error-code header");
        return s;
    }

    /** The public liveness answer on the API port (the management port has the full probes). */
    private static void health(OpenAPI api) {
        if (api.getPaths().get("/actuator/health") != null) {
            return;
        }
        Operation op = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")
                .content(new Content().addMediaType("application/json", new MediaType().schema(object()
                        .addProperty("status", type("string")))))));
        api.getPaths().addPathItem("/actuator/health", new PathItem().get(op));
    }

    private static List<Schema> inlineSchemas(Operation op) {
        List<Schema> out = new ArrayList<>();
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            op.getRequestBody().getContent().values().forEach(m -> out.add(m.getSchema()));
        }
        if (op.getResponses() != null) {
            op.getResponses().values().stream().filter(r -> r.getContent() != null)
                    .forEach(r -> r.getContent().values().forEach(m -> out.add(m.getSchema())));
        }
        out.removeIf(s -> s == null);
        return out;
    }

    /** Property names as the application's JsonMapper writes them (PropertyNamingStrategies.SNAKE_CASE). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void snakeCase(Schema<?> s) {
        if (s == null) {
            return;
        }
        if (s.getProperties() != null) {
            Map<String, Schema> renamed = new LinkedHashMap<>();
            s.getProperties().forEach((name, p) -> {
                snakeCase(p);
                renamed.put(JsonNames.of(name), p);
            });
            s.setProperties(renamed);
        }
        if (s.getRequired() != null) {
            s.setRequired(new ArrayList<>(new LinkedHashSet<>(s.getRequired().stream().map(JsonNames::of).toList())));
        }
        snakeCase(s.getItems());
        if (s.getAdditionalProperties() instanceof Schema a) {
            snakeCase(a);
        }
        for (List<Schema> group : java.util.Arrays.asList(s.getAllOf(), s.getAnyOf(), s.getOneOf())) {
            if (group != null) {
                group.forEach(g -> snakeCase(g));
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> enumerate(Schema s, List<String> values) {
        if (s != null) {
            s.setPattern(null);
            s.setEnum(new ArrayList<>(values));
        }
        return s;
    }

    private static Schema<?> object() {
        return type("object");
    }

    private static Schema<?> type(String... types) {
        JsonSchema s = new JsonSchema();
        s.setTypes(new LinkedHashSet<>(List.of(types)));
        return s;
    }

    private static Schema<?> ref(String name) {
        return new JsonSchema().$ref("#/components/schemas/" + name);
    }
}
