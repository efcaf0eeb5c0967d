package dev.parley.gateway.socket;

import org.springframework.stereotype.Component;

import dev.parley.model.ErrorCode;
import dev.parley.model.ParleyException;
import dev.parley.model.frame.ClientFrame;
import dev.parley.model.frame.ServerFrame;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** JSON frames to and from records; a frame that cannot be read is a BAD_FRAME with a short, safe reason. */
@Component
class FrameCodec {

    private final JsonMapper mapper;

    FrameCodec() {
        // NOTE: unknown fields are ignored so that newer clients keep working with this gateway.
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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
