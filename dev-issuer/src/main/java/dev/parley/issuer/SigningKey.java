package dev.parley.issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The issuer's RSA signing key. Without a key file a new key (and {@code kid}) is made per run, so restarting the
 * issuer invalidates every token it issued before; with a key file the key survives restarts.
 */
final class SigningKey {

    private static final Log logger = LogFactory.getLog(SigningKey.class);

    private SigningKey() {
    }

    /** The key in {@code keyFile}, made and written there first if the file does not exist yet. */
    static RSAKey load(String keyFile) {
        if (keyFile.isBlank()) {
            logger.info("Signing with a key generated for this run; tokens do not survive a restart");
            return generate();
        }
        Path path = Path.of(keyFile);
        try {
            if (Files.exists(path)) {
                return RSAKey.parse(Files.readString(path, StandardCharsets.UTF_8));
            }
            RSAKey key = generate();
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, key.toJSONString(), StandardCharsets.UTF_8);
            restrictToOwner(path);
            logger.info("Wrote a new signing key to " + path);
            return key;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or write the signing key file " + path, ex);
        }
        catch (ParseException ex) {
            throw new IllegalStateException("The signing key file " + path + " does not hold an RSA JWK", ex);
        }
    }

    private static RSAKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("RSA is not available in this JVM", ex);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
