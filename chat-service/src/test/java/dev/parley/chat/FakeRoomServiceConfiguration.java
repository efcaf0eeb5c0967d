package dev.parley.chat;

import dev.parley.chat.membership.RoomMembership;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Stands in for room-service (a neighbour): members are whoever the test put in the shared member set. */
@TestConfiguration(proxyBeanMethods = false)
class FakeRoomServiceConfiguration {

    @Bean
    @Primary
    RoomMembership fakeRoomMembership() {
        return (roomId, caller) -> Mono.just(ChatServiceTestEnvironment.MEMBERS.contains(roomId + "/" + caller.getSubject()));
    }
}
