package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.stageline.testing.OperatorExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/README.md, run as a reader runs it: every {@code bash} block in order, with kubectl and
 * the kubectl plugin, against the embedded API with the real operator.
 */
class ExamplesWalkthroughTest {
  @RegisterExtension
  final OperatorExtension op = OperatorExtension.running();

  @TempDir
  Path tmp;

  @Test
  void walkthroughRunsEndToEnd() throws Exception {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);
    // what `java -jar stageline.jar --embedded` creates before the reader arrives
    for (String ns : List.of("default", "kube-system", "stageline-system", "stageline-config", "stageline-vault")) {
      op.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .createOr(NonDeletingOperation::update);
    }
    Path kubeconfig = tmp.resolve("kubeconfig");
    op.api().writeKubeconfig(kubeconfig);

    StringBuilder transcript = new StringBuilder();
    for (String block : bashBlocks(Path.of("examples/README.md"))) {
      Kubectl.Result result = runBlock(block, kubeconfig);
      transcript.append("$ ").append(block).append('\n').append(result.stdout());
      assertThat(result.exitCode()).as("block\n%s\nfailed:\n%s", block, result).isZero();
    }

    String all = transcript.toString();
    assertThat(all).contains("approved by sam");
    assertThat(all).containsPattern("(?m)^3\\s+1\\.0\\.0\\s+.*rollback-to-1.*\\*$");
    assertThat(all).containsPattern("(?m)^1\\s+1\\.0\\.0\\s+.*shop-test/shop-1-0-0.*\\*$");
  }

  static List<String> bashBlocks(Path markdown) throws IOException {
    Matcher block = Pattern.compile("(?ms)^```bash\\n(.*?)^```$").matcher(Files.readString(markdown));
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    assertThat(blocks).as("bash blocks in %s", markdown).isNotEmpty();
    return blocks;
  }

  private Kubectl.Result runBlock(String block, Path kubeconfig) throws IOException, InterruptedException {
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", block)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    pb.environment().put("PATH", Path.of("bin").toAbsolutePath() + ":" + System.getenv("PATH"));
    pb.environment().put("STAGELINE_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("HOME", Files.createTempDirectory(tmp, "home").toString());
    Process process = pb.start();
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out:\n" + block);
    }
    return new Kubectl.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
