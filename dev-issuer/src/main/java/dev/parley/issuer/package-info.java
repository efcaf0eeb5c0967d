/** A development OpenID Connect issuer with demo users, so Parley runs and is tested without an external identity provider. */
package dev.parley.issuer;
