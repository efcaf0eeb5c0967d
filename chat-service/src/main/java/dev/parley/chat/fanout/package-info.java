/** Live delivery of posted messages to every chat-service instance through one Kafka topic per room. */
package dev.parley.chat.fanout;
