-- One row per room: the last sequence number handed out. Its row lock serializes a room's posts across instances.
CREATE TABLE room_sequence (
    room_id  uuid   PRIMARY KEY,
    last_seq bigint NOT NULL
);

CREATE TABLE message (
    id            uuid        PRIMARY KEY,
    room_id       uuid        NOT NULL,
    seq           bigint      NOT NULL,
    sender_id     text        NOT NULL,
    sender_name   text        NOT NULL,
    body          text        NOT NULL,
    sent_at       timestamptz NOT NULL,
    client_msg_id text        NOT NULL,
    -- Serves every keyset query on (room_id, seq): history pages, catch-up and gap backfill.
    CONSTRAINT message_room_seq_key UNIQUE (room_id, seq),
    -- Makes a retried post idempotent.
    CONSTRAINT message_client_msg_key UNIQUE (room_id, sender_id, client_msg_id)
);
