package dev.tillbridge.simulator.json;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The one JSON set-up of the simulator: snake_case keys and omitted nulls like Magento's
 * DataObjectProcessor, money without trailing zeros ({@code 165}, {@code 36.4}) like PHP's json_encode of a
 * float, and dates in Magento's {@code YYYY-MM-DD HH:MM:SS} UTC form.
 */
public final class SimulatorJson {

    private static final ObjectMapper MAPPER = create();

    private SimulatorJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper create() {
        SimpleModule magentoValues = new SimpleModule("magento-values");
        magentoValues.addSerializer(BigDecimal.class, new PhpFloatSerializer());
        magentoValues.addSerializer(Instant.class, new MagentoDateSerializer());
        magentoValues.addDeserializer(Instant.class, new MagentoDateDeserializer());
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .defaultPropertyInclusion(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Helper methods such as isChild() are not fields; records expose their components anyway.
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .addModule(magentoValues)
                .build();
    }

    private static final class PhpFloatSerializer extends JsonSerializer<BigDecimal> {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            BigDecimal stripped = value.stripTrailingZeros();
            gen.writeNumber(stripped.scale() < 0 ? stripped.setScale(0) : stripped);
        }
    }

    private static final class MagentoDateSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(MagentoDates.format(value));
        }
    }

    private static final class MagentoDateDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return MagentoDates.parse(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                throw ctxt.weirdStringException(p.getValueAsString(), Instant.class, e.getMessage());
            }
        }
    }
}
