package dev.parley.room.security;

import java.util.List;

import dev.parley.room.RoomProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Decodes access tokens against the issuer's JWKS and checks issuer, audience, expiry and not-before. */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(RoomProperties properties) {
        RoomProperties.Security security = properties.security();
        // NOTE: keys come from the JWKS URI, not from issuer discovery, so startup does not need the issuer up.
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(security.jwkSetUri()).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(security.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        List<OAuth2TokenValidator<Jwt>> validators = List.of(timestamps,
                new JwtIssuerValidator(security.issuerUri()), new JwtAudienceValidator(security.audience()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }
}
