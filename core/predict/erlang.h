// Queueing formulas for service centres: Erlang B and C and the M/M/c waiting time, with the staffing
// rule built on them (the fewest counters that keep the expected wait under a target).
//
// Erlang B is computed with the recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), which never forms
// a^c or c! and so stays exact to rounding for hundreds of servers; Erlang C follows from B as
// C = B / (1 - rho (1 - B)).
//
// Threading: pure functions, safe from any thread.
#pragma once

#include <optional>

namespace cityops::core {

/// Erlang B blocking probability for `servers` servers and offered load `load` = lambda / mu (Erlangs).
double erlangB(int servers, double load);

/// Erlang C: probability that an arrival has to wait in an M/M/c queue. 1 when load >= servers (unstable).
double erlangC(int servers, double load);

/// Steady-state figures of an M/M/c queue. Rates are per minute.
struct QueueFigures {
    int servers = 0;
    double arrivalPerMin = 0;   ///< lambda
    double serviceMin = 0;      ///< 1 / mu, mean service time
    double load = 0;            ///< a = lambda / mu, Erlangs
    double utilisation = 0;     ///< rho = a / c
    double waitProbability = 0; ///< Erlang C
    double meanWaitMin = 0;     ///< Wq = C / (c mu - lambda); +infinity when rho >= 1
    double meanQueue = 0;       ///< Lq = lambda Wq
    bool stable() const { return utilisation < 1.0; }
};

/// M/M/c figures for `servers` counters, `arrivalPerMin` arrivals a minute and mean service `serviceMin`.
QueueFigures mmcQueue(int servers, double arrivalPerMin, double serviceMin);

/// The smallest number of counters (>= 1) whose expected wait is at most `targetWaitMin` and whose
/// utilisation is at most `maxUtilisation`, searching up to `maxServers`; std::nullopt if even `maxServers`
/// counters cannot meet both. No arrivals: 0 counters. With maxUtilisation 1 this is the plain Erlang C rule;
/// a ceiling below 1 keeps the plan away from rho -> 1, where the wait swings with a 1 % error in the load.
std::optional<int> recommendServers(double arrivalPerMin, double serviceMin, double targetWaitMin, int maxServers,
                                    double maxUtilisation = 1.0);

} // namespace cityops::core
