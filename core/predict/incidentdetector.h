// IncidentDetector: finds traffic incidents in per-minute detector data (speed and occupancy per link).
//
// Expected values: a profile per link and time of day (slots of slotMinutes, linear between slot
// centres) learned from recorded normal days, with the spread of the readings around it. A link is
// anomalous in a minute when its speed falls below what is expected or its occupancy rises above it, by
// more than a margin (a multiple of the learned spread, and at least an absolute amount or share): the
// queue that builds behind a blockage, or the empty road after it. Queues that come from further down the road (spillback) are told
// apart by the links downstream: if one of them is anomalous too, the queue started there, not here. An
// incident is raised when a link has been anomalous for persistMinutes minutes in a row, and cleared
// after clearMinutes normal minutes.
//
// Threading: owned by one thread (the engine's model thread or an evaluation); no locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cityops::core {

/// Defaults chosen on the simulated demo city with seed 101 (cityops-cli eval incidents reports other seeds).
struct IncidentDetectorConfig {
    int slotMinutes = 10;
    double occupancySigmas = 4.0;     ///< occupancy rises: above expected + max(this x spread, occupancyRise)
    double occupancyRise = 0.10;      ///< absolute occupancy (0..1)
    double speedSigmas = 3.0;         ///< speed falls: below expected - max(this x spread, share x expected)
    double speedDropShare = 0.5;
    bool requireBoth = false;         ///< anomalous: speed falls OR occupancy rises (true: AND)
    bool downstreamCheck = true;      ///< an anomalous downstream link means spillback, not an incident here
    int persistMinutes = 3;
    int clearMinutes = 5;
};

struct IncidentEvent {
    enum class Kind : std::uint8_t { Raised, Cleared };
    Kind kind = Kind::Raised;
    std::uint32_t link = 0;
    std::int64_t timeNs = 0;
    double speed = 0, expectedSpeed = 0;
    double occupancy = 0, expectedOccupancy = 0;
};

class IncidentDetector {
public:
    /// `downstream[l]`: the links traffic on link l moves on to (may be empty).
    IncidentDetector(std::size_t linkCount, std::vector<std::vector<std::uint32_t>> downstream,
                     IncidentDetectorConfig config = {});

    /// Adds one minute of normal data to the profiles (NaN: no reading). secondsOfDay in local time.
    void learn(double secondsOfDay, std::span<const double> speed, std::span<const double> occupancy);
    /// Turns what was learned into the expected profiles; call before observe() (and again after more learning).
    void finishLearning();

    /// Checks one minute of readings; appends raised and cleared incidents to `events`.
    void observe(std::int64_t timeNs, double secondsOfDay, std::span<const double> speed,
                 std::span<const double> occupancy, std::vector<IncidentEvent> &events);

    double expectedSpeed(std::uint32_t link, double secondsOfDay) const;
    double expectedOccupancy(std::uint32_t link, double secondsOfDay) const;
    bool active(std::uint32_t link) const { return m_active[link] != 0; }
    std::size_t linkCount() const { return m_n; }
    const IncidentDetectorConfig &config() const { return m_cfg; }

private:
    struct Expect {
        double speed, occupancy, speedSpread, occupancySpread;
    };
    Expect expected(std::uint32_t link, double secondsOfDay) const;
    int slotCount() const { return (1440 + m_cfg.slotMinutes - 1) / m_cfg.slotMinutes; }

    std::size_t m_n = 0;
    std::vector<std::vector<std::uint32_t>> m_down;
    IncidentDetectorConfig m_cfg;
    // learning sums [slot * n + link]: count, speed, speed^2, occupancy, occupancy^2
    std::vector<double> m_cnt, m_s, m_s2, m_o, m_o2;
    std::vector<double> m_expSpeed, m_expOcc, m_sdSpeed, m_sdOcc; // per slot and link
    std::vector<std::uint8_t> m_anomalous, m_active;
    std::vector<int> m_run, m_normalRun;
};

} // namespace cityops::core
