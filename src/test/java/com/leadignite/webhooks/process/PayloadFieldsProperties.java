package com.leadignite.webhooks.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile values in every field a handler reads: numbers outside int and long (also as doubles and
 * decimals), NaN-like and overflowing text, wrong JSON types, nested objects and arrays. Reading never
 * throws; a value that does not fit is dropped and the rest of the event is kept.
 */
class PayloadFieldsProperties {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final List<String> CALL_FIELDS = List.of("call_id", "phone", "direction", "started_at",
            "duration_seconds", "outcome", "summary", "recording_url");

    @Provide
    Arbitrary<JsonNode> hostile() {
        Arbitrary<JsonNode> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(F::numberNode),
                Arbitraries.doubles().map(F::numberNode),
                Arbitraries.of(1e30, -1e30, Double.MAX_VALUE, -Double.MAX_VALUE, 9.2233720368547758E18, 1e-300,
                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).map(F::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                        .map(F::numberNode),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("1e-400"),
                        new BigDecimal("123456789012345678901234567890.5")).map(F::numberNode));
        Arbitrary<JsonNode> texts = Arbitraries.oneOf(
                Arbitraries.of("NaN", "-NaN", "Infinity", "-Infinity", "1e30", "-1e30", "1e400", "0x10", "", " ",
                        "99999999999999999999", "+1 (555) 010-4242", "2026-13-45T99:99:99Z", "9999999999-01-01T00:00:00Z",
                        "\u0000", "\ud800", "inbound", "answered", "https://rec.example/a.mp3").map(F::textNode),
                Arbitraries.strings().ofMaxLength(40).map(F::textNode));
        Arbitrary<JsonNode> shapes = Arbitraries.oneOf(
                Arbitraries.of((JsonNode) F.booleanNode(true), F.nullNode(), F.arrayNode(), F.objectNode()),
                texts.map(t -> (JsonNode) F.arrayNode().add(t)),
                numbers.map(n -> (JsonNode) F.objectNode().set("value", n)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, numbers), net.jqwik.api.Tuple.of(4, texts), net.jqwik.api.Tuple.of(2, shapes));
    }

    @Property(tries = 500)
    void readersNeverThrowAndKeepOnlyWhatFits(@ForAll("hostile") JsonNode value) {
        ObjectNode root = F.objectNode();
        root.putObject("data").set("v", value);
        assertThatCode(() -> {
            PayloadFields.string(root, "data.v");
            PayloadFields.raw(root, "data.v", "data.v.value");
            Integer i = PayloadFields.integer(value);
            Instant t = PayloadFields.instant(value);
            if (i != null) {
                assertThat(value.isNumber() || value.isString()).isTrue();
            }
            if (t != null) {
                assertThat(value.isNumber() || value.isString()).isTrue();
            }
        }).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void oneHostileCallFieldNeverLosesTheOthers(@ForAll("hostile") JsonNode value,
                                                @ForAll("callField") String field) {
        ObjectNode data = F.objectNode();
        data.put("call_id", "call-1");
        data.put("phone", "+15550104242");
        data.put("duration_seconds", 42);
        data.put("outcome", "answered");
        data.put("summary", "Interested");
        data.put("started_at", "2024-05-01T10:00:00Z");
        data.set(field, value);
        ObjectNode root = F.objectNode();
        root.put("type", "call.ended");
        root.set("data", data);

        CallEndedHandler handler = new CallEndedHandler(null, new ApiFieldRules(VALIDATOR), null, Clock.systemUTC());
        CallEndedHandler.CallFacts facts = handler.facts(root, "call-1");
        if (!field.equals("duration_seconds")) {
            assertThat(facts.durationSeconds()).isEqualTo(42);
        }
        if (!field.equals("outcome")) {
            assertThat(facts.outcome()).isEqualTo("answered");
        }
        if (!field.equals("summary")) {
            assertThat(facts.summary()).isEqualTo("Interested");
        }
        if (!field.equals("started_at")) {
            assertThat(facts.startedAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        }
        if (facts.durationSeconds() != null) {
            assertThat(facts.durationSeconds()).isBetween(0, 86_400);
        }
        if (facts.startedAt() != null) {
            assertThat(facts.startedAt()).isAfterOrEqualTo(CallEndedHandler.EARLIEST);
        }
    }

    @Provide
    Arbitrary<String> callField() {
        return Arbitraries.of(CALL_FIELDS);
    }

    @Example
    void startedAtOutsideLongIsDroppedAndTheRestApplied() {
        ObjectNode root = F.objectNode();
        root.put("type", "call.ended");
        ObjectNode data = root.putObject("data");
        data.put("call_id", "call-1");
        data.put("started_at", 1e30);
        data.put("duration_seconds", 61);
        data.put("outcome", "answered");
        data.put("summary", "Booked a demo");
        CallEndedHandler handler = new CallEndedHandler(null, new ApiFieldRules(VALIDATOR), null, Clock.systemUTC());
        CallEndedHandler.CallFacts facts = handler.facts(root, "call-1");
        assertThat(facts.startedAt()).isNull();
        assertThat(facts.dropped()).containsExactly("started_at");
        assertThat(facts.durationSeconds()).isEqualTo(61);
        assertThat(facts.outcome()).isEqualTo("answered");
        assertThat(facts.summary()).isEqualTo("Booked a demo");
        assertThat(PayloadFields.instant(F.numberNode(new BigInteger("100000000000000000000000000000")))).isNull();
    }
}
