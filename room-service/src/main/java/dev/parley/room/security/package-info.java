/** Security: every RSocket request is authenticated by its bearer JWT; HTTP serves only the health probes. */
package dev.parley.room.security;
