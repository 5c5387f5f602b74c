package dev.tillbridge.magento;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.events.json.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals Magento credentials with AES-256-GCM wherever they rest (the {@code integrations} topic, the
 * control plane's table). The sealed form is {@code v1:<base64(iv | ciphertext+tag)>}; the integration id
 * is bound as associated data so a sealed value cannot be moved to another integration.
 */
public final class CredentialSealer {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public CredentialSealer(SecretKey key) {
        this.key = key;
    }

    /** @param base64Key 32 random bytes, base64: the {@code tillbridge.credentials.key} setting. */
    public static CredentialSealer fromBase64Key(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tillbridge.credentials.key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(
                    "tillbridge.credentials.key must be 32 bytes (base64 of 32 random bytes), was " + raw.length);
        }
        return new CredentialSealer(new SecretKeySpec(raw, "AES"));
    }

    public String seal(String integrationId, MagentoCredentials credentials) {
        try {
            byte[] plain = EventJson.mapper().writeValueAsBytes(credentials);
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(integrationId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot seal credentials of integration " + integrationId, e);
        }
    }

    public MagentoCredentials open(String integrationId, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new CredentialsUnreadableException("Credentials of integration " + integrationId + " are not sealed");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(integrationId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
            return EventJson.mapper().readValue(plain, MagentoCredentials.class);
        } catch (GeneralSecurityException | IllegalArgumentException | IOException e) {
            // Never include the sealed value or the plaintext: just say which integration.
            throw new CredentialsUnreadableException("Cannot open the credentials of integration " + integrationId
                    + ": wrong tillbridge.credentials.key or corrupted value");
        }
    }

    /**
     * The stored credentials cannot be opened with this process's key (the key changed, or the value is damaged).
     * Tillbridge's problem, not Magento's: no retry soon fixes it, and Magento was not asked.
     */
    public static final class CredentialsUnreadableException extends IllegalArgumentException {
        public CredentialsUnreadableException(String message) {
            super(message);
        }
    }
}
