/** Distributed tracing: the caller's trace continued across RSocket, Kafka and delivery. */
package dev.parley.chat.tracing;
