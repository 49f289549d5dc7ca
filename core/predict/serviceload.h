// Service-centre load: an arrivals forecast per centre, the expected wait with the counters open (M/M/c,
// Erlang C), the counters needed to keep the wait under a target, and overload detection for alarms.
//
// Arrivals forecast: the centre's time-of-day profile (mean arrivals per minute in each bin of the day,
// learned from past days) scaled by today's level, the ratio of the arrivals in the last `windowMin`
// minutes to what the profile expected for them. The ratio is shrunk towards 1 with a pseudo-count of
// `priorArrivals` arrivals, so a quiet or noisy hour does not swing the forecast, and a closed period
// (profile 0) forecasts 0.
//
// Service time: counters report per minute the arrivals, the completions ("served") and the people still
// waiting. Those balance: in service now = in service before - served + (waiting before + arrivals -
// waiting now), so the number in service is rebuilt minute by minute from an empty centre (a recording
// that starts at night, or at opening). Completions per person-minute in service is then the completion
// rate, and its inverse the mean service time the queue really sees (estimateServiceMinutes), including any
// rounding of the counters' clock.
//
// Threading: ServiceArrivalForecaster is fitted once and const afterwards; the rest are pure functions.
#pragma once

#include "predict/erlang.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cityops::core {

class ServiceArrivalForecaster {
public:
    explicit ServiceArrivalForecaster(int binMin = 30, int windowMin = 60, double priorArrivals = 20.0);

    /// `minuteArrivals[c]`: arrivals of centre c per minute, consecutive whole local days starting at
    /// midnight (1440 values a day). Every centre must have the same number of days.
    void fit(const std::vector<std::vector<double>> &minuteArrivals);

    /// Profile: expected arrivals per minute at centre `c` at `minuteOfDay` (historical average).
    double profilePerMin(std::size_t c, int minuteOfDay) const;
    /// What the profile expects over the `windowMin` minutes before `minuteOfDay` (same day only).
    double expectedRecent(std::size_t c, int minuteOfDay) const;

    /// Forecast arrivals per minute at centre `c`, `horizonMin` after `nowMinuteOfDay`, given the arrivals
    /// counted in the last windowMin minutes.
    double forecastPerMin(std::size_t c, int nowMinuteOfDay, double recentArrivals, int horizonMin) const;
    /// Today's level: observed / expected recent arrivals, shrunk towards 1.
    double level(std::size_t c, int nowMinuteOfDay, double recentArrivals) const;

    std::size_t centreCount() const { return m_profile.size(); }
    int windowMin() const { return m_window; }

private:
    int m_bin, m_window;
    double m_prior;
    std::vector<std::vector<double>> m_profile; ///< [c][bin] arrivals per minute
};

/// Mean service time (min) from one centre's per-minute readings, starting with the centre empty:
/// completions over the person-minutes in service rebuilt from the balance above. nullopt if nothing was
/// served.
std::optional<double> estimateServiceMinutes(const std::vector<double> &arrivals, const std::vector<double> &served,
                                             const std::vector<double> &waiting);

/// The load of one centre against its wait target.
struct ServiceAssessment {
    QueueFigures queue;                  ///< with the counters open now
    std::optional<int> recommendedCounters; ///< fewest counters meeting the target; nullopt: not reachable
    int maxCounters = 0;
    double targetWaitMin = 0;
    bool overloaded = false;             ///< rho >= 1 or the expected wait above the target
    std::string reason;                  ///< "", "unstable (rho>=1)" or "wait above target"
};

/// Assesses a centre with `arrivalPerMin` (e.g. a forecast), `serviceMin`, `countersOpen` now, a wait
/// target and the counters it has.
/// The recommendation keeps utilisation at most `maxUtilisation` (see recommendServers).
ServiceAssessment assessService(double arrivalPerMin, double serviceMin, int countersOpen, double targetWaitMin,
                                int maxCounters, double maxUtilisation = 0.9);

} // namespace cityops::core
