package dev.mikrodb.server.internal;

import dev.mikrodb.config.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Builds the server's SSLContext from PEM files: certificate (chain), private key, optional CA chain. */
public final class PemTls {
    private PemTls() {
    }

    public static SSLContext serverContext(String certFile, String keyFile, String caFile) {
        if (certFile == null || keyFile == null) {
            throw new ConfigurationException("HTTPS needs both a certificate (--cert, server.sslCert) and a private key "
                    + "(--key, server.sslKey) in PEM format");
        }
        List<X509Certificate> chain = new ArrayList<>(readCertificates(Path.of(certFile), "certificate"));
        if (caFile != null) {
            chain.addAll(readCertificates(Path.of(caFile), "CA"));
        }
        PrivateKey key = readPrivateKey(Path.of(keyFile));
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException("cannot set up TLS from " + certFile + " and " + keyFile + ": "
                    + e.getMessage());
        }
    }

    static List<X509Certificate> readCertificates(Path file, String what) {
        List<X509Certificate> certs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    certs.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("cannot read " + what + " file " + file + ": " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new ConfigurationException(what + " file " + file + " holds no PEM certificate");
        }
        return certs;
    }

    static PrivateKey readPrivateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot read private key file " + file + ": " + e.getMessage());
        }
        throw new ConfigurationException("private key file " + file + " holds no unencrypted PEM private key");
    }
}
