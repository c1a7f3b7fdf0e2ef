package io.stageline.embedded;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.stageline.embedded.authz.UserInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request to the embedded API: method, path, query, headers, body and the caller. */
public final class ApiRequest {
  private final RecordedRequest raw;
  private final String path;
  private final Map<String, List<String>> query;
  private final byte[] body;
  private UserInfo user;

  public ApiRequest(RecordedRequest raw) {
    this.raw = raw;
    String full = raw.getPath();
    int q = full.indexOf('?');
    this.path = q < 0 ? full : full.substring(0, q);
    this.query = parseQuery(q < 0 ? "" : full.substring(q + 1));
    this.body = raw.getBody() == null ? new byte[0] : raw.getBody().getBytes();
  }

  private static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return result;
  }

  public RecordedRequest raw() {
    return raw;
  }

  public String method() {
    return raw.getMethod();
  }

  /** The path without the query string. */
  public String path() {
    return path;
  }

  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  public boolean flag(String name) {
    return "true".equalsIgnoreCase(param(name));
  }

  /** A boolean query parameter as kube-apiserver reads it: {@code true} or {@code 1}. */
  public boolean isTrue(String name) {
    return flag(name) || "1".equals(param(name));
  }

  public String header(String name) {
    return raw.getHeader(name);
  }

  public List<String> headers(String name) {
    return raw.getHeaders().headers(name);
  }

  public byte[] body() {
    return body;
  }

  public String contentType() {
    String type = header("Content-Type");
    return type == null ? "" : type.toLowerCase();
  }

  public String accept() {
    String accept = header("Accept");
    return accept == null ? "" : accept;
  }

  /** Whether the client asked for a server-side dry run. */
  public boolean dryRun() {
    return params("dryRun").contains("All");
  }

  /** kubectl sends {@code fieldValidation=Strict} by default; the fabric8 client sends nothing. */
  public boolean strictFields() {
    return "Strict".equalsIgnoreCase(param("fieldValidation"));
  }

  public boolean isWebSocketUpgrade() {
    String upgrade = header("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  public UserInfo user() {
    return user;
  }

  void user(UserInfo user) {
    this.user = user;
  }
}
