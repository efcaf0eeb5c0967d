/** Who may call: JWT authentication of every RSocket request and an HTTP side open only to health probes. */
package dev.parley.chat.security;
