/** room-service: users, rooms, membership and room passwords, served over RSocket. */
package dev.parley.room;
