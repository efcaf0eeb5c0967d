/** Distributed tracing: each request to chat-service starts or continues a trace that crosses RSocket and Kafka. */
package dev.parley.gateway.tracing;
