/** Room passwords: the rules a new password must meet, and bcrypt hashing and checking off the event loop. */
package dev.parley.room.password;
