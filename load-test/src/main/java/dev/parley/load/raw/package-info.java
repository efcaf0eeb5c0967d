/** The machine's raw limits — PostgreSQL inserts and Kafka round trips without Parley — to read its figures against. */
package dev.parley.load.raw;
