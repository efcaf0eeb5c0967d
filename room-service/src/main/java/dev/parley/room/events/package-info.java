/** Room events: publishes RoomCreated to Kafka and streams every instance's events to live subscribers. */
package dev.parley.room.events;
