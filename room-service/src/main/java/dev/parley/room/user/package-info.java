/** Users: each caller's profile from the token, kept fresh on every contact; deleted accounts stay as tombstones. */
package dev.parley.room.user;
