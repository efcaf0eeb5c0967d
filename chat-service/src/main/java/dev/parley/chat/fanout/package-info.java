/** Live delivery of posted messages to every chat-service instance through Kafka, one topic per room or one shared. */
package dev.parley.chat.fanout;
