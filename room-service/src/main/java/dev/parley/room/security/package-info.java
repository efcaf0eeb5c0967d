/** Security: each RSocket request is authenticated by its bearer JWT (deleted accounts refused); HTTP is health only. */
package dev.parley.room.security;
