/** Access-token checks for HTTP requests and for the in-band sign-in of WebSocket connections. */
package dev.parley.gateway.security;
