/** Posting, paging and streaming a room's messages, each numbered by a gapless per-room sequence. */
package dev.parley.chat.message;
