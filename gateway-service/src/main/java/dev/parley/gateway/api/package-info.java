/** The REST service API for backend callers (client-credentials tokens with scopes), with RFC 9457 problem details. */
package dev.parley.gateway.api;
