package io.stageline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StagelineCommandTest {

  private static StagelineCommand parsed(String... args) {
    StagelineCommand command = new StagelineCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void withTheEmbeddedApiTheHttpServerListensOnLoopbackOnly() {
    assertThat(parsed().httpHost(true)).isEqualTo("127.0.0.1");
  }

  @Test
  void againstAClusterTheHttpServerListensOnEveryAddressForTheKubeletsProbes() {
    assertThat(parsed().httpHost(false)).isEqualTo("0.0.0.0");
  }

  @Test
  void anExplicitHttpHostWinsInBothModes() {
    assertThat(parsed("--http-host", "0.0.0.0").httpHost(true)).isEqualTo("0.0.0.0");
    assertThat(parsed("--http-host", "10.1.2.3").httpHost(false)).isEqualTo("10.1.2.3");
  }
}
