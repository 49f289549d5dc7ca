#include "sim/parkingsim.h"

#include <algorithm>
#include <cmath>

namespace cityops::core {

namespace {

// Mean stay in hours by land use: commuters stay a working day, shoppers a couple of hours.
double meanStayH(LandUse use)
{
    switch (use) {
    case LandUse::Office: return 8.0;
    case LandUse::Commercial: return 2.0;
    case LandUse::Residential: return 11.0;
    case LandUse::Hospital: return 2.5;
    case LandUse::Transit: return 9.0;
    }
    return 3.0;
}

double bump(double hour, double centre, double width)
{
    const double d = (hour - centre) / width;
    return std::exp(-0.5 * d * d);
}

// A stable land use from the facility's id (the scenario may not say): the mix of a city centre.
LandUse useFor(const Entity &e)
{
    std::uint32_t h = 2166136261u;
    for (char c : e.id)
        h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    static constexpr LandUse kMix[] = {LandUse::Office, LandUse::Office, LandUse::Commercial, LandUse::Commercial,
                                       LandUse::Commercial, LandUse::Residential, LandUse::Residential,
                                       LandUse::Hospital, LandUse::Transit, LandUse::Office};
    return kMix[h % 10];
}

} // namespace

double parkingProfile(LandUse use, double hour)
{
    switch (use) {
    case LandUse::Office: // full in working hours, empty at night
        return 0.08 + 0.85 * std::clamp((std::tanh((hour - 8.3) * 2.0) - std::tanh((hour - 18.0) * 1.5)) / 2.0, 0.0, 1.0);
    case LandUse::Commercial: // afternoon and evening peaks
        return 0.05 + 0.55 * bump(hour, 15.0, 2.5) + 0.45 * bump(hour, 19.5, 1.8);
    case LandUse::Residential: // full overnight, half empty in the day
        return 0.45 + 0.45 * (1.0 - bump(hour, 13.0, 3.5));
    case LandUse::Hospital: // morning clinics
        return 0.15 + 0.75 * bump(hour, 10.0, 2.2) + 0.3 * bump(hour, 15.0, 2.0);
    case LandUse::Transit: // park and ride
        return 0.05 + 0.85 * std::clamp((std::tanh((hour - 7.5) * 2.5) - std::tanh((hour - 18.5) * 2.0)) / 2.0, 0.0, 1.0);
    }
    return 0.3;
}

ParkingSim::ParkingSim(const CityModel &city, std::uint64_t seed) : m_random(seed ^ 0x5061726bULL)
{
    for (std::uint32_t e = 0; e < city.size(); ++e) {
        const Entity &ent = city.entity(e);
        if (ent.kind != EntityKind::Parking)
            continue;
        m_entity.push_back(e);
        m_use.push_back(useFor(ent));
        m_capacity.push_back(std::max(1, ent.capacity));
    }
    m_occupied.assign(m_entity.size(), 0);
    m_queue.assign(m_entity.size(), 0);
    m_turnedAway.assign(m_entity.size(), 0);
    m_factor.assign(m_entity.size(), 1.0);
}

void ParkingSim::advanceMinute(double localHour)
{
    constexpr double dtH = 1.0 / 60.0;
    for (std::size_t f = 0; f < m_entity.size(); ++f) {
        const double cap = static_cast<double>(m_capacity[f]);
        if (!m_started) // start from the expected state rather than an empty city
            m_occupied[f] = std::llround(cap * std::min(1.0, parkingProfile(m_use[f], localHour)));
        const double stay = meanStayH(m_use[f]);
        const double p0 = parkingProfile(m_use[f], localHour), p1 = parkingProfile(m_use[f], localHour + dtH);
        // Arrivals keep the expected occupancy on its profile: replace leavers, plus the profile's growth;
        // when the profile falls (offices at dusk), extra departures follow it down.
        const double expected = std::max(0.0, cap * (p0 * dtH / stay + std::max(0.0, p1 - p0))) * m_factor[f];
        const double occ = static_cast<double>(m_occupied[f]);
        const double fall = occ > 0 ? std::max(0.0, cap * (p0 - p1)) / occ : 0.0;
        const std::int64_t leaving = m_random.binomial(m_occupied[f], std::min(1.0, 1.0 - std::exp(-dtH / stay) + fall));
        const std::int64_t arriving = m_random.poisson(expected);
        m_occupied[f] -= leaving;
        // The barrier queue drains first, then new arrivals take what is left; the rest wait or drive on.
        std::int64_t waiting = m_queue[f] + arriving;
        const std::int64_t enter = std::min(waiting, m_capacity[f] - m_occupied[f]);
        m_occupied[f] += enter;
        waiting -= enter;
        const std::int64_t kept = std::min<std::int64_t>(waiting, kMaxQueue);
        m_turnedAway[f] += waiting - kept;
        m_queue[f] = kept;
    }
    m_started = true;
}

void ParkingSim::emitReadings(std::int64_t timeNs, std::vector<Reading> &out) const
{
    for (std::size_t f = 0; f < m_entity.size(); ++f) {
        Reading r;
        r.timeNs = timeNs;
        r.entity = m_entity[f];
        r.measurement = Measurement::Parking;
        r.values[0] = static_cast<double>(m_occupied[f]);
        r.values[1] = static_cast<double>(m_capacity[f]);
        r.fieldMask = 0b11;
        out.push_back(r);
    }
}

} // namespace cityops::core
