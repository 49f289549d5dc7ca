// The cityops-cli subcommands. Each returns the process exit code; usage errors throw UsageError.
#pragma once

namespace cityops::cli {

int runServe(int argc, char **argv);
int runBench(int argc, char **argv);
int runScenario(int argc, char **argv);
int runSimulate(int argc, char **argv);

} // namespace cityops::cli
