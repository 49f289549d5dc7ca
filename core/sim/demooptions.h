// Simulator options for the demo city, shared by the desktop app (cityops) and the CLI
// (cityops-cli simulate, bench), so both place the storm the same way: its wettest hour begins
// `peakInHours` after the simulation starts.
//
// Threading: a pure function.
#pragma once

#include "sim/citysimulator.h"
#include "sim/rainfall.h"

#include <cstdint>

namespace cityops::core {

/// Options for a simulation that starts at `startNs` (engine time) with the rain scenario `rain`,
/// whose peak hour begins `peakInHours` after the start, rounded down to a whole minute. With a peak
/// earlier than the scenario's first hours allow, the event has already started at `startNs`.
SimulatorOptions demoSimulatorOptions(std::int64_t startNs, RainScenario rain, double peakInHours = 1.0,
                                      std::uint64_t seed = 1);

} // namespace cityops::core
