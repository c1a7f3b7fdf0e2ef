package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.stageline.cli.ManifestApplier;
import io.stageline.testing.ApprovalPolicy;
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
 * README.md's five minutes with kubectl and examples/README.md, one story run as a reader runs it:
 * every {@code bash} block of the README, then of the walkthrough, in order and exactly as written,
 * with kubectl and the kubectl plugin, against the embedded API with the real operator, in a working
 * directory laid out as the project's (bin/, examples/, deploy/ and the .stageline/kubeconfig that
 * {@code java -jar target/stageline.jar --apply examples/} writes). The outputs the text promises are
 * checked on the transcript.
 */
class ExamplesWalkthroughTest {
  @RegisterExtension
  final OperatorExtension op = OperatorExtension.running();

  @TempDir
  Path tmp;

  @Test
  void readmeTourAndExamplesWalkthroughRunAsWritten() throws Exception {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);
    // what `java -jar target/stageline.jar --apply examples/` does before the reader arrives: the embedded
    // API's namespaces and install of deploy/ (the approval policy; the operator keeps the access roles),
    // then the examples applied
    for (String ns : List.of("default", "kube-system", "stageline-system", "stageline-config", "stageline-vault")) {
      op.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .createOr(NonDeletingOperation::update);
    }
    ApprovalPolicy.install(op.client());
    new ManifestApplier(op.client()).apply(Path.of("examples"));
    Path project = Path.of("").toAbsolutePath();
    Path story = Files.createDirectory(tmp.resolve("stageline"));
    for (String dir : List.of("bin", "examples", "deploy")) {
      Files.createSymbolicLink(story.resolve(dir), project.resolve(dir));
    }
    Path kubeconfig = Files.createDirectory(story.resolve(".stageline")).resolve("kubeconfig");
    op.api().writeKubeconfig(kubeconfig);

    StringBuilder transcript = new StringBuilder();
    for (Path markdown : List.of(Path.of("README.md"), Path.of("examples/README.md"))) {
      for (String block : bashBlocks(markdown)) {
        Kubectl.Result result = runBlock(block, story, kubeconfig);
        transcript.append("$ ").append(block).append('\n').append(result.stdout()).append(result.stderr());
        assertThat(result.exitCode()).as("%s block\n%s\nfailed:\n%s", markdown, block, result).isZero();
      }
    }

    String all = transcript.toString();
    // kept for whoever reads a failure: the whole story as the reader would have seen it
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/walkthrough-transcript.txt"), all);
    // README: the path, its namespaces, drift repair, the first release behind its build Job, the access matrix
    assertThat(all).containsPattern("(?m)^production\\s+production\\s+shop-prod\\s");
    assertThat(all).contains("pod-security.kubernetes.io/enforce=restricted");
    assertThat(all).contains("networkpolicy.networking.k8s.io/stageline-isolation condition met");
    assertThat(all).contains("Job shop-dev/shop-build-1-4-0 not found");
    assertThat(all).containsPattern("(?m)^shop-dev\\s+shop-1-4-0\\s+development\\s+1\\.4\\.0\\s+WaitingForGates");
    assertThat(all).containsPattern("(?m)^admin$|Username\\s+admin");
    assertThat(all).contains("pods is forbidden: User \"carl\" cannot list resource \"pods\"");
    assertThat(canIAnswers(all)).containsExactly("no", "yes", "no", "yes", "no");
    assertThat(all).containsPattern("(?m)^development\\s+development\\s+-?\\s*shop-dev\\s+1\\.4\\.0");
    assertThat(all).containsPattern("(?m)^Group:release-managers\\s+approve\\s+release-managers\\s");
    assertThat(all).contains("INC-2041");
    // examples/README: an approval by someone else than the requester, and a rollback to revision 2 (1.5.0)
    assertThat(all).contains("approved by sam");
    assertThat(all).containsPattern("(?m)^1\\s+1\\.5\\.0\\s+.*shop-test/shop-1-5-0.*\\*$");
    assertThat(all).containsPattern("(?m)^1\\s+1\\.4\\.0\\s+.*shop-dev/shop-1-4-0");
    assertThat(all).containsPattern("(?m)^4\\s+1\\.5\\.0\\s+.*rollback-to-2.*\\*$");
  }

  /** The lines kubectl auth can-i prints, in order. */
  private static List<String> canIAnswers(String transcript) {
    return transcript.lines().filter(l -> l.equals("yes") || l.equals("no")).toList();
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

  /** One block in its own bash (set -e), in the story's working directory, with the exports of the README's first block. */
  private Kubectl.Result runBlock(String block, Path story, Path kubeconfig) throws IOException, InterruptedException {
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", block)
        .directory(story.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    pb.environment().put("PATH", story.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("STAGELINE_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("HOME", Files.createTempDirectory(tmp, "home").toString());
    Process process = pb.start();
    if (!process.waitFor(8, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out:\n" + block);
    }
    return new Kubectl.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
