/** Starts the whole Parley system on one machine, as child JVMs beside PostgreSQL and an in-process Kafka broker. */
package dev.parley.launcher;
