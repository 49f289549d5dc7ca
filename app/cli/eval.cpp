// cityops-cli eval <what>: model evaluations on real or independently generated data. Each prints
// its figures next to the baselines measured in the same run.
#include "args.h"
#include "commands.h"

#include <string>

namespace cityops::cli {

int runEval(int argc, char **argv)
{
    if (argc < 3)
        throw UsageError("eval needs one of: forecast, incidents, signals, parking, flood, service");
    const std::string what = argv[2];
    if (what == "forecast")
        return runEvalForecast(argc, argv);
    if (what == "incidents")
        return runEvalIncidents(argc, argv);
    if (what == "signals")
        return runEvalSignals(argc, argv);
    if (what == "parking")
        return runEvalParking(argc, argv);
    if (what == "flood")
        return runEvalFlood(argc, argv);
    if (what == "service")
        return runEvalService(argc, argv);
    throw UsageError("unknown evaluation '" + what + "' (forecast, incidents, signals, parking, flood, service)");
}

} // namespace cityops::cli
