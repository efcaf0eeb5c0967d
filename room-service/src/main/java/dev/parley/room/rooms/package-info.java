/** Rooms and membership: create, list and join password rooms, ask who is a member; the owner's operations. */
package dev.parley.room.rooms;
