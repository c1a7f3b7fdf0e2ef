package io.stageline.cli.plugin;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code -o json|yaml} as in kubectl; without it, a table for people. */
class OutputOptions {
  enum Format { json, yaml }

  @Option(names = {"-o", "--output"}, description = "Output format: ${COMPLETION-CANDIDATES} (default: a table).")
  Format format;

  /** Prints {@code data} in the requested machine format; false when a table was asked for. */
  boolean printMachine(PrintWriter out, Object data) {
    if (format == null) {
      return false;
    }
    out.print(format == Format.json ? Serialization.asJson(data) + "\n" : Serialization.asYaml(data));
    out.flush();
    return true;
  }
}
