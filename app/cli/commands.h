// The cityops-cli subcommands. Each returns the process exit code; usage errors throw UsageError.
#pragma once

namespace cityops::cli {

int runServe(int argc, char **argv);
int runBench(int argc, char **argv);
int runScenario(int argc, char **argv);
int runSimulate(int argc, char **argv);
int runEval(int argc, char **argv);

// eval <what>: argv[1] is "eval", argv[2] the evaluation's name; options start at argv[3].
int runEvalForecast(int argc, char **argv);  // forecast.cmake
int runEvalIncidents(int argc, char **argv); // forecast.cmake
int runBenchForecast(int argc, char **argv);  // forecast.cmake
int runEvalSignals(int argc, char **argv);   // signals.cmake
int runBenchSignals(int argc, char **argv);  // signals.cmake
int runEvalParking(int argc, char **argv);   // domains.cmake
int runEvalFlood(int argc, char **argv);     // flood.cmake
int runEvalService(int argc, char **argv);   // domains.cmake
int runBenchFlood(int argc, char **argv);    // flood.cmake

// record / replay (replay.cmake); bench replay is dispatched from runBench.
int runRecord(int argc, char **argv);
int runReplay(int argc, char **argv);
int runBenchReplay(int argc, char **argv);

} // namespace cityops::cli
