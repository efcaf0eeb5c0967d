package dev.parley.room;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Owns users, rooms, membership and room passwords; an RSocket responder with an actuator-only HTTP port. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RoomServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RoomServiceApplication.class, args);
    }
}
