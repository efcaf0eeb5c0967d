package dev.parley.room.password;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The integration tests' room password encoder: the real bcrypt one, counting how many password checks it ran, so a
 * test can prove that a refusal came without bcrypt.
 */
public final class CountingPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;

    private final AtomicLong checks = new AtomicLong();

    CountingPasswordEncoder(PasswordEncoder delegate) {
        this.delegate = delegate;
    }

    /** How many times {@link #matches} ran so far. */
    public long checks() {
        return checks.get();
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        checks.incrementAndGet();
        return delegate.matches(rawPassword, encodedPassword);
    }

    /** Wraps the application's room password encoder; imported by the shared integration-test context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        static BeanPostProcessor countingPasswordEncoder() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof PasswordEncoder encoder && !(bean instanceof CountingPasswordEncoder)
                            ? new CountingPasswordEncoder(encoder) : bean;
                }
            };
        }
    }
}
