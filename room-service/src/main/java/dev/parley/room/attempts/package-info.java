/** Failed rooms.join attempts: recorded in PostgreSQL and limited per user and room name, and per user. */
package dev.parley.room.attempts;
