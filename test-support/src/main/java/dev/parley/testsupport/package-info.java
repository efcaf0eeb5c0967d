/** Test fixtures shared by every module: a scripted OIDC login, fresh PostgreSQL databases, one Kafka broker per JVM. */
package dev.parley.testsupport;
