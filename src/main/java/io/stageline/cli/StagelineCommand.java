package io.stageline.cli;

public class StagelineCommand {
  public static void main(String[] args) {}
}
