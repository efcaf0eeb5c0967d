/** Wire contracts between Parley's gateway, room-service and chat-service: no logic, no Spring Boot. */
package dev.parley.model;
