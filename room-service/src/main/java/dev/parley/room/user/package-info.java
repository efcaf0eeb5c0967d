/** Users: each caller's profile, created on first contact and refreshed from the token on later ones. */
package dev.parley.room.user;
