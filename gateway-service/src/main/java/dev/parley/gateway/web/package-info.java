/** What the browser client needs from the gateway besides its static files: where and how to sign in. */
package dev.parley.gateway.web;
