package dev.parley.model;

import java.time.Instant;
import java.util.UUID;

/** A room as every client may see it. Never carries any password material. */
public record Room(UUID id, String name, String createdBy, Instant createdAt) {
}
