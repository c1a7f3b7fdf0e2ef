package io.stageline.embedded;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Raw HTTP to an embedded API as a client configured from its kubeconfig: trusting its CA, with a token. */
final class ApiHttp {
  private ApiHttp() {}

  /** An HTTP/1.1 client that verifies the API's certificate against its CA. */
  static HttpClient client(EmbeddedApiServer api) {
    try {
      X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(api.caPem().getBytes(StandardCharsets.US_ASCII)));
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("stageline-embedded", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot trust the embedded API's CA", e);
    }
  }

  /** A request to {@code path} as the administrator (the kubeconfig's token). */
  static HttpRequest.Builder asAdmin(EmbeddedApiServer api, String path) {
    return HttpRequest.newBuilder(URI.create(api.url() + path))
        .header("Authorization", "Bearer " + api.clientConfig().getOauthToken());
  }
}
