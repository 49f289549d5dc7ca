// Clock: the one source of engine time. Live follows the system clock; virtual time (simulation and
// replay) runs from a start time at a rate (0 = paused, 1x, 60x, ...) and can be set (seek, stepping).
// Models, alarms and the recorder read this clock, never wall time, so a replay reproduces a live run.
//
// Threading: every member is safe from any thread (a short mutex guards the anchor).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace cityops::core {

class Clock {
public:
    enum class Mode { Live, Virtual };

    static std::int64_t systemNowNs();

    /// A live clock.
    Clock();
    /// A virtual clock at `startNs`, running at `rate` times real time.
    Clock(std::int64_t startNs, double rate);

    Mode mode() const { return m_mode; }
    std::int64_t nowNs() const;
    double rate() const;
    bool paused() const { return rate() == 0.0; }

    /// Virtual clocks only; ignored on a live clock.
    void setRate(double rate);
    void setTime(std::int64_t ns);
    void advance(std::int64_t ns);

private:
    std::int64_t nowLocked(std::chrono::steady_clock::time_point at) const;

    Mode m_mode;
    mutable std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_anchorWall;
    std::int64_t m_anchorNs = 0;
    double m_rate = 1.0;
};

} // namespace cityops::core
