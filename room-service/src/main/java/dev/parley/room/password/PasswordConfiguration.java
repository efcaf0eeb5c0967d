package dev.parley.room.password;

import dev.parley.room.RoomProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The bcrypt encoder for room passwords, a bean of its own so that tests can count the checks it runs. */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    @Bean
    PasswordEncoder roomPasswordEncoder(RoomProperties properties) {
        return new BCryptPasswordEncoder(properties.password().bcryptCost());
    }
}
