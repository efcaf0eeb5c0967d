/** Checks that every Kustomize overlay in deploy/ renders and that every rendered object fits its schema. */
package dev.parley.deploy;
