/** Rooms and membership: create a password-protected room, list rooms, join one, and ask who is a member. */
package dev.parley.room.rooms;
