#include "sim/citysimulator.h"

#include <cmath>

namespace cityops::core {

namespace {
constexpr std::int64_t kMinuteNs = 60'000'000'000LL;

std::int64_t floorToMinute(std::int64_t t)
{
    const std::int64_t r = t % kMinuteNs;
    return r < 0 ? t - r - kMinuteNs : t - r;
}
} // namespace

CitySimulator::CitySimulator(std::shared_ptr<const Scenario> scenario, SimulatorOptions options)
    : m_scenario(std::move(scenario))
    , m_options(std::move(options))
    , m_network(CtmNetwork::fromScenario(*m_scenario))
    , m_hydrology(m_scenario, m_options.hydrology, m_options.seed)
    , m_parking(*m_scenario->city, m_options.seed)
    , m_services(*m_scenario->city, m_options.seed)
    , m_timeNs(floorToMinute(m_options.startNs))
{
    m_options.demand.utcOffsetS = m_options.utcOffsetS;
    m_traffic = std::make_unique<CtmSimulator>(m_network, DemandModel(m_network, m_options.demand), m_options.traffic,
                                               m_options.seed, m_timeNs);
    const CityModel &city = *m_scenario->city;
    m_ctmLink.reserve(m_scenario->links.size());
    for (const LinkGeometry &g : m_scenario->links)
        m_ctmLink.push_back(m_network->findLink(city.entity(g.entity).id));
    m_floodFactor.assign(m_scenario->links.size(), 1.0);
}

double CitySimulator::localHour(std::int64_t timeNs) const
{
    const std::int64_t day = 86'400'000'000'000LL;
    std::int64_t local = (timeNs + m_options.utcOffsetS * 1'000'000'000LL) % day;
    if (local < 0)
        local += day;
    return static_cast<double>(local) / 3.6e12;
}

void CitySimulator::advanceTo(std::int64_t timeNs, std::vector<Reading> &out)
{
    while (m_timeNs + kMinuteNs <= timeNs)
        stepMinute(out);
}

void CitySimulator::stepMinute(std::vector<Reading> &out)
{
    const std::int64_t start = m_timeNs, end = m_timeNs + kMinuteNs;

    // Water first: what stands on the roads now limits what can drive on them this minute.
    m_hydrology.advanceMinute(start);
    for (std::size_t l = 0; l < m_floodFactor.size(); ++l) {
        const double factor = HydrologySim::capacityFactorForDepth(m_hydrology.linkDepth(l));
        if (factor != m_floodFactor[l] && m_ctmLink[l] != kNoIndex) {
            m_traffic->setCapacityFactor(m_ctmLink[l], factor);
            m_floodFactor[l] = factor;
        }
    }
    // Incidents that start or end in this minute.
    m_incidentActive.resize(m_incidents.size(), 0);
    for (std::size_t k = 0; k < m_incidents.size(); ++k) {
        const ScheduledIncident &inc = m_incidents[k];
        const std::uint32_t link = inc.link < m_ctmLink.size() ? m_ctmLink[inc.link] : kNoIndex;
        if (link == kNoIndex)
            continue;
        const bool active = start >= inc.startNs && start < inc.startNs + inc.durationNs;
        if (active && !m_incidentActive[k])
            m_traffic->setIncident(link, inc.lanesBlocked, inc.position);
        else if (!active && m_incidentActive[k])
            m_traffic->clearIncident(link);
        m_incidentActive[k] = active ? 1 : 0;
    }

    m_traffic->advanceTo(end, &out);
    const double hour = localHour(start);
    m_parking.advanceMinute(hour);
    m_services.advanceMinute(hour);
    m_hydrology.emitReadings(end, out);
    m_parking.emitReadings(end, out);
    m_services.emitReadings(end, out);
    m_timeNs = end;
}

} // namespace cityops::core
