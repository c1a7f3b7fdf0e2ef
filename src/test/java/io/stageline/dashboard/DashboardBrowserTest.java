package io.stageline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.OperatorException;
import io.stageline.api.v1alpha1.AccessPolicy;
import io.stageline.api.v1alpha1.AccessPolicySpec.Level;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Gate;
import io.stageline.api.v1alpha1.Promotion;
import io.stageline.api.v1alpha1.Stage;
import io.stageline.audit.Auditor;
import io.stageline.cli.ManifestApplier;
import io.stageline.server.OperatorHttpServer;
import io.stageline.testing.Awaits;
import io.stageline.testing.MutableClock;
import io.stageline.testing.OperatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Opens the dashboard in headless Chromium against the embedded API with the operator running and
 * the examples applied, and checks what a person sees, live, without reloading the page.
 */
class DashboardBrowserTest {
  private static final Pattern COUNTDOWN = Pattern.compile("(?:(\\d+)h )?(\\d+)m (\\d+)s");

  /** Moved forward while a release travels the path, so that its journey takes hours, not milliseconds. */
  private final MutableClock clock = MutableClock.systemUtc();

  @RegisterExtension
  final OperatorExtension op = OperatorExtension.apiOnly().withClock(clock);

  private OperatorHttpServer http;
  private Dashboard dashboard;
  private StandInStatus standIn;

  @AfterEach
  void stop() {
    if (dashboard != null) {
      dashboard.close();
    }
    if (http != null) {
      http.close();
    }
  }

  @Test
  void showsTheDeliveryPathWaitingGatesApprovalsAndEmergencyCountdownLive() throws Exception {
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip(1600, 1000)) {
      Auditor auditor = startOperatorAndDashboard();
      KubernetesClient client = op.client();
      // the examples but their promotions and break-glass grant; a release along the path (hours
      // pass); then the rest of the examples
      io.stageline.testing.ApprovalPolicy.install(client);
      new ManifestApplier(client).apply(examplesBeforeTheRelease());
      standIn = new StandInStatus(client, auditor, clock, op.operator());
      standIn.environments();
      releaseManagers(client);
      Promotion promotion = waitingProductionPromotion(client);
      new ManifestApplier(client).apply(Path.of("examples"));
      AccessPolicy breakGlass = emergencyGrant(client);

      ChromeDriver browser = chromium.driver();
      browser.get("http://127.0.0.1:" + http.port() + "/");

      // four stages, in the order a release travels them
      await().atMost(Awaits.TIMEOUT).untilAsserted(() -> assertThat(texts(browser, ".stage .stage-name"))
          .containsExactly("development", "test", "staging", "production"));

      // the waiting gate's message, exactly as the Promotion's status says it
      String card = "[data-promotion='" + promotion.getMetadata().getNamespace() + "/" + promotion.getMetadata().getName() + "']";
      String gate = card + " [data-gate='" + StandInStatus.approvalGate(promotion).getName() + "'] .gate-message";
      String gateBefore = StandInStatus.approvalGate(promotion).getMessage();
      await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
        assertThat(text(browser, gate)).isEqualTo(gateBefore);
        assertThat(text(browser, card + " .waiting-on-message")).isEqualTo(waitingOn(client, promotion));
      });

      // an approval added through the API changes what the page says, without a reload
      browser.executeScript("window.__samePage = true");
      String gateAfter = StandInStatus.approvalGate(standIn.approve(promotion, "alice")).getMessage();
      assertThat(gateAfter).isNotEqualTo(gateBefore);
      await().atMost(Awaits.TIMEOUT).untilAsserted(() -> {
        assertThat(text(browser, gate)).isEqualTo(gateAfter);
        assertThat(text(browser, card + " .waiting-on-message")).isEqualTo(waitingOn(client, promotion));
        assertThat(texts(browser, card + " .approvals-given li")).anySatisfy(t -> assertThat(t).contains("alice"));
      });
      assertThat(browser.executeScript("return window.__samePage === true")).isEqualTo(true);

      // the emergency grant counts down to its expiry
      String emergency = "[data-policy='" + breakGlass.getMetadata().getName() + "'] .countdown";
      await().atMost(Awaits.TIMEOUT).until(() -> !texts(browser, emergency).isEmpty());
      long first = seconds(text(browser, emergency));
      long left = Duration.between(clock.instant(), Instant.parse(breakGlass.getStatus().getEmergencyGrants().get(0).getExpiresAt()))
          .toSeconds();
      assertThat(first).as("seconds left on the page").isBetween(left - 10, left + 2);
      await().atMost(Awaits.TIMEOUT).until(() -> seconds(text(browser, emergency)) < first);

      screenshot(browser, Path.of("target/dashboard.png"));
      fitsWithoutSideways(browser, 1280, 800);
      fitsWithoutSideways(browser, 2560, 1440);
      fitsWithoutSideways(browser, 390, 844);
    }
  }

  @Test
  void isUsableFromTheKeyboard() throws Exception {
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip(1280, 800)) {
      Auditor auditor = startOperatorAndDashboard();
      new ManifestApplier(op.client()).apply(Path.of("examples"));
      Environment development = op.client().resources(Environment.class).withName("development").get();
      for (int i = 0; i < 15; i++) {
        auditor.success(development, "Check", "Checked", "check " + i);
      }
      ChromeDriver browser = chromium.driver();
      browser.get("http://127.0.0.1:" + http.port() + "/");
      await().atMost(Awaits.TIMEOUT).until(() -> texts(browser, ".stage .stage-name").size() == 4);

      // Tab walks the skip link, then the section links, each with a visible focus ring
      List<String> stops = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        stops.add(browser.switchTo().activeElement().getText());
        assertThat(browser.executeScript("return getComputedStyle(document.activeElement).outlineStyle"))
            .as("focus ring on %s", stops.get(i)).isNotEqualTo("none");
      }
      assertThat(stops).containsExactly("Skip to content", "Delivery path", "Release journeys", "Access",
          "Emergency access", "Audit decisions");

      // the skip link takes the focus past the navigation to the content
      browser.executeScript("document.querySelector('.skip-link').focus()");
      browser.switchTo().activeElement().sendKeys(Keys.ENTER);
      assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
      browser.switchTo().activeElement().sendKeys(Keys.TAB);
      assertThat(browser.switchTo().activeElement().getText()).isNotIn(stops);

      // what the viewer opened, and where the focus is, survive a live update
      browser.executeScript("document.querySelector('[data-key=audit-older] summary').focus()");
      browser.switchTo().activeElement().sendKeys(Keys.ENTER);
      assertThat(browser.executeScript("return document.querySelector('[data-key=audit-older]').open")).isEqualTo(true);
      auditor.success(development, "Check", "Checked", "one more");
      await().atMost(Awaits.TIMEOUT).until(() -> texts(browser, ".audit-table td.message").contains("one more"));
      assertThat(browser.executeScript("return document.querySelector('[data-key=audit-older]').open")).isEqualTo(true);
      assertThat(browser.executeScript("return document.activeElement.closest('[data-key]')?.dataset.key"))
          .isEqualTo("audit-older");
    }
  }

  /** At this window size the page needs no horizontal scrolling; saves target/dashboard-WIDTH.png. */
  private static void fitsWithoutSideways(ChromeDriver browser, int width, int height) throws Exception {
    browser.manage().window().setSize(new Dimension(width, height));
    Number scrollWidth = (Number) browser.executeScript("return document.documentElement.scrollWidth");
    Number viewport = (Number) browser.executeScript("return document.documentElement.clientWidth");
    assertThat(scrollWidth.intValue()).as("page width at %dx%d", width, height).isLessThanOrEqualTo(viewport.intValue());
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, Path.of("target/dashboard-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String waitingOn(KubernetesClient client, Promotion promotion) {
    return client.resources(Promotion.class).inNamespace(promotion.getMetadata().getNamespace())
        .withName(promotion.getMetadata().getName()).get().getStatus().getWaitingOn();
  }

  /**
   * The operator as the CLI runs it (when its reconcilers are registered) and the dashboard on an
   * HTTP server of its own port, as {@code StagelineCommand} wires them.
   */
  private Auditor startOperatorAndDashboard() {
    Auditor auditor;
    try {
      auditor = op.startOperator().context().auditor();
    } catch (OperatorException noReconcilerYet) {
      op.stopOperator();
      auditor = new Auditor(op.api().newClient(), clock);
    }
    http = OperatorHttpServer.start("127.0.0.1", 0, () -> "", () -> true, () -> true);
    dashboard = Dashboard.start(op.api().newClient(), auditor, clock).routeOn(http);
    return auditor;
  }

  /** A Promotion to production made here (as a team would), once its approval gate waits. */
  private Promotion waitingProductionPromotion(KubernetesClient client) {
    return standIn.waitingForApproval(createPromotion(client));
  }

  private Promotion createPromotion(KubernetesClient client) {
    List<Environment> below = List.of("development", "test", "staging").stream()
        .map(n -> client.resources(Environment.class).withName(n).get()).toList();
    standIn.released("1.5.0", Map.of("web", "registry.example.com/shop/web:1.5.0",
        "worker", "registry.example.com/shop/worker:1.5.0"), below,
        List.of(Duration.ofHours(3), Duration.ofHours(20), Duration.ofHours(26)));
    Environment production = client.resources(Environment.class).withName("production").get();
    if (client.namespaces().withName(production.targetNamespace()).get() == null) {
      // no Environment reconciler (yet) to provision it
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(production.targetNamespace())
          .endMetadata().build()).create();
    }
    Promotion p = DashboardFixtures.promotion("shop-1-5-0", "production", "1.5.0");
    p.getMetadata().setNamespace(production.targetNamespace());
    p.getMetadata().setCreationTimestamp(null);
    p.setStatus(null);
    p.getSpec().setRelease(null);
    p.getSpec().setGates(new ArrayList<>(List.of(DashboardFixtures.approvalGate("release-managers", 2, "release-managers"))));
    p.getSpec().setRequestedBy(io.stageline.embedded.authz.UserInfo.ADMIN.username()); // the admission policy: the creating user
    return client.resource(p).create();
  }

  /**
   * The examples less the files with emergency grants, which would be hours old (and capped) by the
   * time the release has travelled the path on the moved clock, and less their promotions, which
   * would queue this test's promotion behind theirs.
   */
  private static Path examplesBeforeTheRelease() throws java.io.IOException {
    Path dir = Files.createTempDirectory("stageline-examples");
    try (var files = Files.list(Path.of("examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
        String text = Files.readString(file);
        if (!text.contains("emergency:") && !text.contains("kind: Promotion")) {
          Files.copy(file, dir.resolve(file.getFileName()));
        }
      }
    }
    return dir;
  }

  /** Release managers administer (and so may approve promotions in) production. */
  private void releaseManagers(KubernetesClient client) {
    AccessPolicy releaseManagers = DashboardFixtures.policy("release-managers", List.of(Stage.production),
        DashboardFixtures.grant(Level.admin, DashboardFixtures.group("release-managers")));
    standIn.bound(client.resource(releaseManagers).createOr(NonDeletingOperation::update));
  }

  /** An emergency grant in force: the examples' break-glass policy, or one made here for two hours. */
  private AccessPolicy emergencyGrant(KubernetesClient client) {
    AccessPolicy policy = client.resources(AccessPolicy.class).list().getItems().stream()
        .filter(p -> p.getSpec().getGrants().stream().anyMatch(g -> g.getEmergency() != null))
        .findFirst()
        .orElseGet(() -> client.resource(DashboardFixtures.policy("oncall-break-glass", List.of(Stage.production),
            DashboardFixtures.emergency(Level.admin, clock.instant().plus(Duration.ofHours(2)), DashboardFixtures.group("oncall"))))
            .create());
    return standIn.emergencyBound(policy);
  }

  private static String text(ChromeDriver browser, String css) {
    List<String> found = texts(browser, css);
    return found.isEmpty() ? null : found.get(0);
  }

  /** Read in one script call: a live update may replace the elements between two WebDriver calls. */
  @SuppressWarnings("unchecked")
  private static List<String> texts(ChromeDriver browser, String css) {
    return (List<String>) browser.executeScript(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())", css);
  }

  private static long seconds(String countdown) {
    Matcher m = COUNTDOWN.matcher(countdown == null ? "" : countdown);
    assertThat(m.find()).as("countdown text %s", countdown).isTrue();
    long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    return hours * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3));
  }

  /** The page down to the first audit decisions, for docs/dashboard.png. */
  private static void screenshot(ChromeDriver browser, Path file) throws Exception {
    Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(1600, Math.min(2100, height.intValue() + 20)));
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(file.getParent());
    Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
  }
}
