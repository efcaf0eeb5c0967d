/** Tests of the web client in real headless Chromium against the running system. */
package dev.parley.system.browser;
