// Checking a staffing recommendation in the service simulator: run one centre's queue (core/sim/servicesim)
// at a fixed hour of the day, so that arrivals are stationary, with a given number of counters, and measure
// the mean wait. Used by `cityops-cli eval service` and the tests.
//
// The simulated mean wait is Little's law on the queue the simulator reports: the sum over minutes of the
// people still waiting at the end of each minute, divided by the arrivals (minutes in the queue per
// arrival, counted on the simulator's one-minute clock).
//
// Threading: pure functions; each call builds and runs its own simulator.
#pragma once

#include "model/citymodel.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cityops::core {

struct SimulatedQueue {
    double meanWaitMin = 0;
    double arrivals = 0;
    double meanWaiting = 0; ///< time-average queue length
};

/// Runs the service simulator for centre `centre` alone at `hour` with `counters` open for `warmupMin` then
/// `minutes` minutes, and measures the queue.
SimulatedQueue simulateCentre(const Entity &centre, int counters, double hour, std::uint64_t seed, int warmupMin,
                              int minutes);

struct StaffingCheck {
    std::string centre;
    double hour = 0;
    double arrivalPerMin = 0;
    double serviceMin = 0;
    double targetWaitMin = 0;
    double maxUtilisation = 1.0;
    std::optional<int> recommended; ///< from Erlang C; nullopt if none up to the search limit
    bool waitBinds = false;         ///< the wait target, not the utilisation ceiling, set the number
    double erlangWaitMin = 0;       ///< at the recommendation
    double simWaitMin = 0;
    bool meets = false;             ///< simulated wait <= target
    bool fewerApplicable = false;   ///< recommended - 1 >= 1 and the wait target binds
    double erlangWaitFewerMin = 0;
    double simWaitFewerMin = 0;
    bool fewerMisses = false;       ///< with one counter fewer the simulated wait is above the target
};

/// Recommends counters for `arrivalPerMin` and `serviceMin` (Erlang C, up to `maxCounters`) and checks the
/// recommendation, and one counter fewer, in the simulator at `hour`.
StaffingCheck checkStaffing(const Entity &centre, double hour, double arrivalPerMin, double serviceMin,
                            double targetWaitMin, int maxCounters, double maxUtilisation, std::uint64_t seed,
                            int minutes);

} // namespace cityops::core
