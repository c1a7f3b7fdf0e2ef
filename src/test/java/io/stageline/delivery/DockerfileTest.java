package io.stageline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, checked statically (no Docker engine runs here): a Maven build stage, a JRE
 * runtime stage that holds only the jar and runs it as a numeric non-root user.
 */
class DockerfileTest {
  private static List<Instruction> instructions;

  /** One Dockerfile instruction with its continuation lines joined. */
  record Instruction(String keyword, String args) {}

  @BeforeAll
  static void parse() throws IOException {
    instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String full = pending.toString().strip();
      pending.setLength(0);
      int space = full.indexOf(' ');
      instructions.add(new Instruction(full.substring(0, space).toUpperCase(), full.substring(space + 1).strip()));
    }
  }

  @Test
  void buildsWithMavenAndRunsOnAJre() {
    List<String> froms = args("FROM");
    assertThat(froms).hasSize(2);
    assertThat(froms.get(0)).matches("maven:3-eclipse-temurin-17 (?i:as) build");
    assertThat(froms.get(1)).isEqualTo("eclipse-temurin:17-jre");
  }

  @Test
  void runtimeStageRunsAsNumericNonRootUser() {
    List<String> users = runtimeStage().stream().filter(i -> i.keyword().equals("USER")).map(Instruction::args).toList();
    assertThat(users).as("USER in the runtime stage").hasSize(1);
    Matcher uid = Pattern.compile("(\\d+)(?::(\\d+))?").matcher(users.get(0));
    assertThat(uid.matches()).as("numeric USER, so that runAsNonRoot can be verified: %s", users.get(0)).isTrue();
    assertThat(Integer.parseInt(uid.group(1))).isPositive().isEqualTo(65532);
    assertThat(uid.group(2) == null || Integer.parseInt(uid.group(2)) > 0).isTrue();
  }

  @Test
  void runtimeStageHoldsOnlyTheJarAndRunsIt() {
    List<Instruction> copies = runtimeStage().stream()
        .filter(i -> i.keyword().equals("COPY") || i.keyword().equals("ADD")).toList();
    assertThat(copies).as("files added to the runtime image").hasSize(1);
    Instruction copy = copies.get(0);
    assertThat(copy.keyword()).isEqualTo("COPY");
    assertThat(copy.args()).contains("--from=build").contains("/src/target/stageline.jar");
    String target = copy.args().substring(copy.args().lastIndexOf(' ') + 1);
    assertThat(target).endsWith(".jar");

    assertThat(args("ENTRYPOINT")).containsExactly("[\"java\", \"-jar\", \"" + target + "\"]");
  }

  @Test
  void buildStageProducesTheJarThePomNames() throws IOException {
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>stageline</finalName>");
    assertThat(args("RUN")).anyMatch(run -> run.startsWith("mvn ") && run.contains("package"));
    for (String copy : args("COPY")) {
      if (!copy.contains("--from=")) {
        String source = copy.split("\\s+")[0];
        assertThat(Path.of(source)).as("COPY source %s exists", source).exists();
      }
    }
  }

  @Test
  void addsNothingFromTheNetwork() {
    assertThat(args("ADD")).as("ADD of remote URLs makes builds unreproducible").isEmpty();
    assertThat(args("RUN")).noneMatch(run -> run.matches(".*\\b(curl|wget)\\b.*"));
  }

  @Test
  void buildContextLeavesOutBuildOutputAndGit() throws IOException {
    assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("target/", ".git/");
  }

  private static List<String> args(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
  }

  private static List<Instruction> runtimeStage() {
    int lastFrom = -1;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      }
    }
    return instructions.subList(lastFrom + 1, instructions.size());
  }
}
