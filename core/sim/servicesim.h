// ServiceSim: the queues of administrative service halls and hospitals. Poisson arrivals with a daily
// profile, a staffing plan of open counters by hour, exponential service times, and one queue per centre
// (M/M/c in discrete minutes). Emits `service` readings (waiting, arrivals, served, counters_open).
//
// Threading: owned by the simulator's thread; deterministic for a seed.
#pragma once

#include "feed/reading.h"
#include "model/citymodel.h"
#include "sim/random.h"

#include <array>
#include <cstdint>
#include <vector>

namespace cityops::core {

enum class ServiceKind : std::uint8_t { AdminHall, Hospital };

/// Expected arrivals per hour at `hour` (local, fractional), per counter of the centre's full staffing.
double serviceArrivalProfile(ServiceKind kind, double hour);

class ServiceSim {
public:
    ServiceSim(const CityModel &city, std::uint64_t seed);

    void advanceMinute(double localHour);
    void emitReadings(std::int64_t timeNs, std::vector<Reading> &out) const;

    std::size_t size() const { return m_entity.size(); }
    ServiceKind kind(std::size_t c) const { return m_kind[c]; }
    double meanServiceMin(std::size_t c) const { return m_serviceMin[c]; }
    std::int64_t waiting(std::size_t c) const { return m_waiting[c]; }
    int countersOpen(std::size_t c) const { return m_open[c]; }
    /// Counters open in each hour of the day (the staffing plan); the optimiser can replace it.
    void setStaffing(std::size_t c, const std::array<int, 24> &plan) { m_plan[c] = plan; }
    const std::array<int, 24> &staffing(std::size_t c) const { return m_plan[c]; }
    /// Expected arrivals per hour at a centre at `hour`.
    double arrivalRate(std::size_t c, double hour) const;
    std::uint32_t entity(std::size_t c) const { return m_entity[c]; }

private:
    Random m_random;
    std::vector<std::uint32_t> m_entity;
    std::vector<ServiceKind> m_kind;
    std::vector<int> m_counters;          ///< counters the centre has
    std::vector<double> m_serviceMin;     ///< mean service time, minutes
    std::vector<std::array<int, 24>> m_plan;
    std::vector<std::int64_t> m_waiting, m_inService, m_arrivals, m_served;
    std::vector<int> m_open;
};

} // namespace cityops::core
