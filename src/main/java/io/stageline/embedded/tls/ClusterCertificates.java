package io.stageline.embedded.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The embedded API's certificate authority and the serving certificate it signs, as a cluster's
 * {@code ca.crt}/{@code apiserver.crt}: clients verify the server against the CA from the
 * kubeconfig ({@code certificate-authority-data}) instead of skipping verification. Bouncy Castle
 * builds the certificates; the keys are the JDK's (EC P-256, which kubectl, client-go, Python's
 * OpenSSL and Node all accept). BC is not registered as a JCE provider, so the shaded jar needs no
 * signed provider.
 *
 * <p>With a state directory the CA persists there ({@code ca.crt}, {@code ca.key}, owner-only),
 * so a kubeconfig written by an earlier run keeps verifying; the serving certificate is fresh on
 * every start (it names the loopback address and {@code localhost}).
 */
public final class ClusterCertificates {
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Duration CA_LIFETIME = Duration.ofDays(3650);
  private static final Duration SERVING_LIFETIME = Duration.ofDays(365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate ca;
  private final String caPem;
  private final String servingCertificatePem;
  private final String servingKeyPem;

  private ClusterCertificates(X509Certificate ca, String caPem, String servingCertificatePem, String servingKeyPem) {
    this.ca = ca;
    this.caPem = caPem;
    this.servingCertificatePem = servingCertificatePem;
    this.servingKeyPem = servingKeyPem;
  }

  /** A CA kept in memory only (tests). */
  public static ClusterCertificates inMemory() {
    KeyPair caKey = newKeyPair();
    return withCa(caKey.getPrivate(), selfSigned(caKey));
  }

  /** The CA stored in {@code stateDir} (created there on first use). */
  public static ClusterCertificates inDirectory(Path stateDir) {
    Path certFile = stateDir.resolve("ca.crt");
    Path keyFile = stateDir.resolve("ca.key");
    try {
      if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
        return withCa(readKey(Files.readString(keyFile)), readCertificate(Files.readString(certFile)));
      }
      KeyPair caKey = newKeyPair();
      X509Certificate caCert = selfSigned(caKey);
      Files.createDirectories(stateDir);
      writePrivate(keyFile, pkcs8Pem(caKey.getPrivate()));
      writeAtomically(certFile, pem(caCert));
      return withCa(caKey.getPrivate(), caCert);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the embedded API's CA in " + stateDir, e);
    }
  }

  public X509Certificate ca() {
    return ca;
  }

  /** The CA certificate, PEM, as the kubeconfig's {@code certificate-authority-data} carries it. */
  public String caPem() {
    return caPem;
  }

  public String servingCertificatePem() {
    return servingCertificatePem;
  }

  public String servingKeyPem() {
    return servingKeyPem;
  }

  /** The serving certificate and key as Vert.x's HTTP server takes them. */
  public PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions().setCertValue(Buffer.buffer(servingCertificatePem))
        .setKeyValue(Buffer.buffer(servingKeyPem));
  }

  private static ClusterCertificates withCa(PrivateKey caKey, X509Certificate caCert) {
    KeyPair servingKey = newKeyPair();
    X509Certificate serving = serving(servingKey, caKey, caCert);
    return new ClusterCertificates(caCert, pem(caCert), pem(serving), pkcs8Pem(servingKey.getPrivate()));
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no EC P-256 keys", e);
    }
  }

  private static X509Certificate selfSigned(KeyPair key) {
    X500Name name = new X500Name("CN=stageline-embedded-ca");
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_LIFETIME)), name, key.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
              | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key.getPublic()));
      return sign(builder, key.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the embedded API's CA certificate", e);
    }
  }

  private static X509Certificate serving(KeyPair key, PrivateKey caKey, X509Certificate caCert) {
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVING_LIFETIME)),
          new X500Name("CN=stageline-embedded-apiserver"), key.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")}))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCert));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the embedded API's serving certificate", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** PKCS#8 ({@code PRIVATE KEY}), the form Vert.x reads for any key type. */
  private static String pkcs8Pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static PrivateKey readKey(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      if (parser.readObject() instanceof PrivateKeyInfo key) {
        return new JcaPEMKeyConverter().getPrivateKey(key);
      }
      throw new IOException("ca.key holds no PKCS#8 private key");
    }
  }

  private static X509Certificate readCertificate(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      if (parser.readObject() instanceof X509CertificateHolder holder) {
        return new JcaX509CertificateConverter().getCertificate(holder);
      }
      throw new IOException("ca.crt holds no certificate");
    } catch (GeneralSecurityException e) {
      throw new IOException("ca.crt cannot be read", e);
    }
  }

  /** The private key is readable by its owner only, from the moment it exists. */
  private static void writePrivate(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
