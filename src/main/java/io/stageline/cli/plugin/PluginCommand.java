package io.stageline.cli.plugin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl stageline ...}: the delivery path from kubectl. {@code bin/kubectl-stageline}
 * runs this class from the operator's jar; it uses the current kubeconfig like kubectl does.
 */
@Command(
    name = "kubectl stageline",
    mixinStandardHelpOptions = true,
    versionProvider = PluginCommand.Version.class,
    description = "Stageline from kubectl: stages, releases, promotions and access.",
    subcommands = {
      StatusCommand.class,
      WhyCommand.class,
      ApproveCommand.class,
      HistoryCommand.class,
      RollbackCommand.class,
      ParityCommand.class,
      AccessCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:an error from the cluster or the command (not found, forbidden, refused)",
      "2:wrong usage (unknown command or flag, missing argument)"
    })
public class PluginCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // stdout is the command's output (tables, JSON, YAML); library logs would corrupt it
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .detachAndStopAllAppenders();
    System.exit(commandLine().execute(args));
  }

  /** The command line with kubectl's conventions: errors on stderr as {@code error: ...}, exit code 1. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PluginCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      String server = commandLine.getCommand() instanceof PluginSubcommand command ? command.cluster.server() : null;
      commandLine.getErr().println("error: " + PluginErrors.describe(e, server));
      commandLine.getErr().flush();
      return 1;
    });
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** The version from the jar's manifest, as {@code stageline --version} shows it. */
  static class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PluginCommand.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-stageline " + (v == null ? "dev" : v)};
    }
  }
}
