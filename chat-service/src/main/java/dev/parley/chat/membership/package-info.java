/** Whether the caller belongs to a room, asked of room-service over RSocket and cached when the answer is yes. */
package dev.parley.chat.membership;
