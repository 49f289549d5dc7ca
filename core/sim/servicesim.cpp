#include "sim/servicesim.h"

#include <algorithm>
#include <cmath>

namespace cityops::core {

namespace {

double bump(double hour, double centre, double width)
{
    const double d = (hour - centre) / width;
    return std::exp(-0.5 * d * d);
}

bool openHours(ServiceKind kind, double hour)
{
    // Service halls keep office hours with a lunch break; hospital registration never closes.
    return kind == ServiceKind::Hospital || (hour >= 9.0 && hour < 12.0) || (hour >= 13.5 && hour < 17.5);
}

} // namespace

double serviceArrivalProfile(ServiceKind kind, double hour)
{
    if (!openHours(kind, hour))
        return 0.0;
    if (kind == ServiceKind::AdminHall) // a morning rush and a smaller afternoon one; per counter
        return 4.0 + 5.5 * bump(hour, 10.0, 1.0) + 3.5 * bump(hour, 15.0, 1.0);
    return 1.0 + 9.0 * bump(hour, 9.0, 1.3) + 4.0 * bump(hour, 14.5, 1.5); // hospitals: outpatient mornings
}

ServiceSim::ServiceSim(const CityModel &city, std::uint64_t seed) : m_random(seed ^ 0x53657276ULL)
{
    for (std::uint32_t e = 0; e < city.size(); ++e) {
        const Entity &ent = city.entity(e);
        if (ent.kind != EntityKind::ServiceCenter)
            continue;
        m_entity.push_back(e);
        const ServiceKind kind = ent.category == "hospital" ? ServiceKind::Hospital : ServiceKind::AdminHall;
        m_kind.push_back(kind);
        const int counters = std::max(1, ent.capacity);
        m_counters.push_back(counters);
        m_serviceMin.push_back(kind == ServiceKind::Hospital ? 4.0 : 9.0);
        // Default plan: enough counters for a utilisation of about 0.85 in each hour, within what exists.
        std::array<int, 24> plan{};
        for (int h = 0; h < 24; ++h) {
            const double lambda = counters * serviceArrivalProfile(kind, h + 0.5);
            const double needed = lambda * m_serviceMin.back() / 60.0 / 0.85;
            plan[static_cast<std::size_t>(h)] = lambda > 0 ? std::clamp(static_cast<int>(std::ceil(needed)), 1, counters) : 0;
        }
        m_plan.push_back(plan);
    }
    const std::size_t n = m_entity.size();
    m_waiting.assign(n, 0);
    m_inService.assign(n, 0);
    m_arrivals.assign(n, 0);
    m_served.assign(n, 0);
    m_open.assign(n, 0);
}

double ServiceSim::arrivalRate(std::size_t c, double hour) const
{
    return m_counters[c] * serviceArrivalProfile(m_kind[c], hour);
}

void ServiceSim::advanceMinute(double localHour)
{
    const auto hour = static_cast<std::size_t>(std::clamp(localHour, 0.0, 23.999));
    for (std::size_t c = 0; c < m_entity.size(); ++c) {
        // Closing time: the doors shut to newcomers, but those inside are still served.
        const int planned = m_plan[c][hour];
        if (planned > 0 || m_waiting[c] + m_inService[c] == 0)
            m_open[c] = planned;
        // Completions this minute among those being served (memoryless service).
        const std::int64_t served = m_random.binomial(m_inService[c], 1.0 - std::exp(-1.0 / m_serviceMin[c]));
        m_inService[c] -= served;
        const std::int64_t arrivals = m_random.poisson(arrivalRate(c, localHour) / 60.0);
        m_waiting[c] += arrivals;
        const std::int64_t start = std::min<std::int64_t>(m_waiting[c], std::max<std::int64_t>(0, m_open[c] - m_inService[c]));
        m_waiting[c] -= start;
        m_inService[c] += start;
        m_arrivals[c] = arrivals;
        m_served[c] = served;
    }
}

void ServiceSim::emitReadings(std::int64_t timeNs, std::vector<Reading> &out) const
{
    for (std::size_t c = 0; c < m_entity.size(); ++c) {
        Reading r;
        r.timeNs = timeNs;
        r.entity = m_entity[c];
        r.measurement = Measurement::Service;
        r.values[0] = static_cast<double>(m_waiting[c]);
        r.values[1] = static_cast<double>(m_arrivals[c]);
        r.values[2] = static_cast<double>(m_served[c]);
        r.values[3] = static_cast<double>(m_open[c]);
        r.fieldMask = 0b1111;
        out.push_back(r);
    }
}

} // namespace cityops::core
