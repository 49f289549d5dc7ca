// CitySimulator: the digital twin's "truth" — traffic (cell transmission model), rain and drainage,
// parking and service centres of one scenario, stepped minute by minute on the engine's clock. The same
// seed gives the same reading stream, however the caller slices time, because every model steps on a
// fixed grid and only the models draw random numbers.
//
// Couplings: water on a road cuts its capacity in the traffic model every minute; scheduled incidents
// block lanes. Ground truth (incidents, depths) stays readable for the evaluations.
//
// Threading: owned by one thread (the engine's io thread, or a what-if job's); no locks.
#pragma once

#include "engine/readingsource.h"
#include "feed/reading.h"
#include "model/scenario.h"
#include "sim/ctm.h"
#include "sim/hydrology.h"
#include "sim/parkingsim.h"
#include "sim/servicesim.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace cityops::core {

struct ScheduledIncident {
    std::uint32_t link = 0;         ///< index into Scenario::links
    std::int64_t startNs = 0;
    std::int64_t durationNs = 0;
    int lanesBlocked = 1;
    double position = 0.5;          ///< along the link, 0..1
};

struct SimulatorOptions {
    std::uint64_t seed = 1;
    std::int64_t startNs = 0;       ///< engine time of the first minute; rounded down to a whole minute
    HydrologyOptions hydrology;
    DemandConfig demand;
    CtmConfig traffic;
    std::int64_t utcOffsetS = 8 * 3600; ///< the scenario's local time (Asia/Shanghai)
};

class CitySimulator : public ReadingSource {
public:
    CitySimulator(std::shared_ptr<const Scenario> scenario, SimulatorOptions options);

    /// Simulates every whole minute that ends at or before `timeNs`; appends that minute's readings.
    void advanceTo(std::int64_t timeNs, std::vector<Reading> &out) override;
    std::int64_t timeNs() const override { return m_timeNs; }

    void schedule(ScheduledIncident incident) { m_incidents.push_back(incident); }
    const std::vector<ScheduledIncident> &incidents() const { return m_incidents; }

    const Scenario &scenario() const { return *m_scenario; }
    CtmSimulator &traffic() { return *m_traffic; }
    const CtmSimulator &traffic() const { return *m_traffic; }
    HydrologySim &hydrology() { return m_hydrology; }
    const HydrologySim &hydrology() const { return m_hydrology; }
    ParkingSim &parking() { return m_parking; }
    ServiceSim &services() { return m_services; }
    /// The CTM link of a scenario link (kNoIndex if the network left it out).
    std::uint32_t ctmLink(std::size_t scenarioLink) const { return m_ctmLink[scenarioLink]; }
    double localHour(std::int64_t timeNs) const;

private:
    void stepMinute(std::vector<Reading> &out);

    std::shared_ptr<const Scenario> m_scenario;
    SimulatorOptions m_options;
    std::shared_ptr<const CtmNetwork> m_network;
    std::unique_ptr<CtmSimulator> m_traffic;
    HydrologySim m_hydrology;
    ParkingSim m_parking;
    ServiceSim m_services;
    std::vector<std::uint32_t> m_ctmLink;
    std::vector<double> m_floodFactor;
    std::vector<ScheduledIncident> m_incidents;
    std::vector<std::uint8_t> m_incidentActive;
    std::int64_t m_timeNs = 0;
};

} // namespace cityops::core
