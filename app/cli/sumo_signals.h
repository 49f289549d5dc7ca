// SUMO runs for `cityops-cli eval signals --sumocfg`: drives a SUMO process through SUMO's own C++ TraCI
// client (libtracicpp), times every traffic light with one of our controllers (or leaves the network's
// programs alone), and accounts for the delay of every vehicle of the demand.
//
// Threading: SUMO's TraCI client keeps one global connection; run one SumoRun at a time per process.
#pragma once

#include "optimize/phasechooser.h"

#include <cstdint>
#include <string>

namespace cityops::cli {

enum class SumoController { Fixed, MaxPressure, Greedy, CityOps, Hold };

struct SumoRunOptions {
    std::string sumocfg;
    std::string routes;        ///< replaces the configuration's route files if not empty
    SumoController controller = SumoController::CityOps;
    std::uint64_t seed = 1;
    double endS = -1;          ///< < 0: the configuration's end
    double lookbackM = 100;    ///< approaches shorter than this are extended upstream
    double stallS = 300;       ///< gridlock: no arrival for this long while vehicles are in the network
    core::CityOpsTuning tuning;    ///< the CityOps policy's settings (defaults: the evaluated ones)
    double defaultMaxGreenS = 60;  ///< for programs without maxDur
};

struct SumoRunResult {
    std::size_t vehicles = 0;       ///< the demand: every vehicle scheduled in [begin, end)
    std::size_t completed = 0;
    std::size_t unfinished = 0;     ///< inserted, still driving at the end
    std::size_t neverInserted = 0;
    double meanDelayS = 0;          ///< over every vehicle of the demand
    double avgTripTimeS = 0;        ///< completed trips
    bool gridlocked = false;
    double longestStallS = 0;
    double endS = 0;
    int trafficLights = 0;
    int waveLinks = 0;              ///< arterial chain links coordinated (0 unless the green wave is on)
    double wallS = 0;
};

SumoRunResult runSumo(const SumoRunOptions &options);

} // namespace cityops::cli
