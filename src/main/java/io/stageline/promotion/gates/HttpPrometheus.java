package io.stageline.promotion.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Prometheus' HTTP API ({@code GET /api/v1/query}). The address and credentials are the operator's
 * settings, never a promotion's: whoever may create a Promotion must not make the operator send
 * requests (with its token) to an address of their choosing.
 */
public class HttpPrometheus implements PrometheusQueries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final Path bearerTokenFile;
  private final HttpClient http;

  /** @param bearerTokenFile read at each query, so that a rotated token is used; null for none */
  public HttpPrometheus(URI base, Path bearerTokenFile) {
    this.base = base;
    this.bearerTokenFile = bearerTokenFile;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public double query(String promql) throws Inconclusive {
    String path = base.toString().replaceAll("/+$", "") + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path)).timeout(TIMEOUT).GET();
    if (bearerTokenFile != null) {
      request.header("Authorization", "Bearer " + token());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new Inconclusive("cannot reach Prometheus at " + base + ": connection refused");
    } catch (HttpTimeoutException e) {
      throw new Inconclusive("Prometheus at " + base + " did not answer within " + TIMEOUT.toSeconds() + "s");
    } catch (IOException e) {
      throw new Inconclusive("cannot reach Prometheus at " + base + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Inconclusive("interrupted while asking Prometheus at " + base);
    }
    return valueOf(response.statusCode(), response.body());
  }

  /** The one number in an answer of the query API. */
  static double valueOf(int status, String body) throws Inconclusive {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (IOException e) {
      throw new Inconclusive("Prometheus answered HTTP " + status + " with a body that is not its query API's JSON");
    }
    if (status != 200 || !"success".equals(answer.path("status").asText())) {
      String error = answer.path("error").asText("");
      throw new Inconclusive("Prometheus refused the query (HTTP " + status + ", " + answer.path("errorType").asText("?")
          + (error.isEmpty() ? "" : ": " + truncate(error)) + ")");
    }
    JsonNode data = answer.path("data");
    JsonNode result = data.path("result");
    String value = switch (data.path("resultType").asText()) {
      case "scalar" -> result.path(1).asText(null);
      case "vector" -> {
        if (result.size() != 1) {
          throw new Inconclusive(result.isEmpty() ? "the query returned no samples"
              : "the query returned " + result.size() + " series; aggregate it to one (e.g. with sum or max)");
        }
        yield result.path(0).path("value").path(1).asText(null);
      }
      default -> throw new Inconclusive("the query returned a " + data.path("resultType").asText("?")
          + "; a metric gate needs a scalar or a one-sample vector");
    };
    double number;
    try {
      number = Double.parseDouble(value);
    } catch (NumberFormatException | NullPointerException e) {
      throw new Inconclusive("the query's value is not a number");
    }
    if (Double.isNaN(number)) {
      throw new Inconclusive("the query's value is NaN (e.g. a ratio with no traffic)");
    }
    return number;
  }

  private String token() throws Inconclusive {
    try {
      return Files.readString(bearerTokenFile).trim();
    } catch (IOException e) {
      throw new Inconclusive("cannot read the Prometheus bearer token file " + bearerTokenFile);
    }
  }

  private static String truncate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
