// ParkingSim: every car park's arrivals and departures by time of day and land use, with a bounded
// queue at the entrance when it is full. Emits `parking` readings (occupied, capacity).
//
// Threading: owned by the simulator's thread; deterministic for a seed.
#pragma once

#include "feed/reading.h"
#include "model/citymodel.h"
#include "sim/random.h"

#include <cstdint>
#include <vector>

namespace cityops::core {

enum class LandUse : std::uint8_t { Office, Commercial, Residential, Hospital, Transit };

/// Expected share of spaces taken at `hour` (local time, fractional) for a land use.
double parkingProfile(LandUse use, double hour);

class ParkingSim {
public:
    static constexpr int kMaxQueue = 40; ///< cars wait at the barrier; more than this drive on

    ParkingSim(const CityModel &city, std::uint64_t seed);

    /// Advances one minute whose start is `localHour` (0..24, fractional) local time.
    void advanceMinute(double localHour);
    void emitReadings(std::int64_t timeNs, std::vector<Reading> &out) const;
    /// Adds (or removes) demand at one facility, e.g. an event nearby; multiplies arrivals.
    void setDemandFactor(std::size_t facility, double factor) { m_factor[facility] = factor; }

    std::size_t size() const { return m_entity.size(); }
    std::int64_t occupied(std::size_t f) const { return m_occupied[f]; }
    std::int64_t capacity(std::size_t f) const { return m_capacity[f]; }
    std::int64_t queue(std::size_t f) const { return m_queue[f]; }
    std::int64_t turnedAway(std::size_t f) const { return m_turnedAway[f]; }
    LandUse landUse(std::size_t f) const { return m_use[f]; }
    std::uint32_t entity(std::size_t f) const { return m_entity[f]; }

private:
    Random m_random;
    std::vector<std::uint32_t> m_entity;
    std::vector<LandUse> m_use;
    std::vector<std::int64_t> m_capacity, m_occupied, m_queue, m_turnedAway;
    std::vector<double> m_factor;
    bool m_started = false;
};

} // namespace cityops::core
