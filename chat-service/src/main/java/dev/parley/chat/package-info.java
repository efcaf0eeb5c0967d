/** chat-service's entry point: an RSocket responder for posting, paging and streaming room messages. */
package dev.parley.chat;
