package dev.parley.issuer;

import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/** The two filter chains (protocol endpoints, then login page and the rest), the demo users and CORS. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Paths a browser client calls by {@code fetch} from the gateway's origin. */
    private static final List<String> BROWSER_ENDPOINTS = List.of("/oauth2/token", "/oauth2/jwks", "/oauth2/revoke",
            "/userinfo", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server");

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer((server) -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.oidc(Customizer.withDefaults());
        });
        http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
        http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
        http.cors(Customizer.withDefaults());
        http.exceptionHandling((exceptions) -> exceptions
            .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), htmlRequests()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests((requests) -> requests
            .requestMatchers("/actuator/health", "/actuator/health/**", "/error", "/login")
            .permitAll()
            .anyRequest()
            .authenticated());
        http.formLogin(Customizer.withDefaults());
        http.cors(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users(IssuerProperties properties) {
        // NOTE: {noop} on purpose: the demo passwords sit in plain text in the configuration anyway, and bcrypt
        // would cost about 100 ms of CPU per login in load tests that sign in many users.
        List<UserDetails> users = properties.users()
            .stream()
            .map((user) -> User.withUsername(user.username()).password("{noop}" + user.password()).roles("USER").build())
            .toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(IssuerProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        BROWSER_ENDPOINTS.forEach((path) -> source.registerCorsConfiguration(path, cors));
        return source;
    }

    /**
     * HTML navigations (but not {@code Accept: *}{@code /*}) are sent to the login page; API calls get a 401.
     */
    private static MediaTypeRequestMatcher htmlRequests() {
        MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return matcher;
    }
}
