package dev.parley.gateway.socket;

import org.springframework.stereotype.Component;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.frame.ClientFrame;
import dev.parley.model.frame.ServerFrame;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** JSON frames to and from records; a frame that cannot be read is a BAD_FRAME with a short, safe reason. */
@Component
class FrameCodec {

    private final JsonMapper mapper;

    FrameCodec() {
        // NOTE: unknown fields are ignored so that newer clients keep working with this gateway.
        // NOTE: no coercion of scalars: a number where text is expected (or text where a number is) is a BAD_FRAME,
        // as docs/protocol.md says, not silently converted.
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, coercion -> coercion
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    ClientFrame decode(String text) {
        try {
            ClientFrame frame = mapper.readValue(text, ClientFrame.class);
            if (frame == null) {
                throw new ParleyException(ErrorCode.BAD_FRAME, "a frame must be a JSON object");
            }
            return frame;
        }
        catch (InvalidTypeIdException e) {
            String type = e.getTypeId();
            throw new ParleyException(ErrorCode.BAD_FRAME,
                    type == null ? "the frame has no type" : "unknown frame type");
        }
        catch (StreamReadException e) {
            throw new ParleyException(ErrorCode.BAD_FRAME, "the frame is not valid JSON");
        }
        catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getPropertyName();
            throw new ParleyException(ErrorCode.BAD_FRAME,
                    field == null ? "the frame must be a JSON object with a type" : "field '" + field + "' has the wrong type");
        }
        catch (JacksonException e) {
            throw new ParleyException(ErrorCode.BAD_FRAME, "the frame cannot be read");
        }
    }

    String encode(ServerFrame frame) {
        return mapper.writeValueAsString(frame);
    }
}
