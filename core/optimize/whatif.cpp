#include "optimize/whatif.h"

#include "optimize/adaptivecontroller.h"
#include "sim/hydrology.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace cityops::core {

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;

/// One run from the fork. `progressFrom`/`progressSpan` place its share of the whole what-if's progress.
bool runOnce(const TrafficFork &fork, const WhatIfOptions &o, bool adaptive, WhatIfOutcome &out,
             const std::function<bool(double)> &progress, double progressFrom, double progressSpan)
{
    CtmSimulator sim(fork.network, *fork.demand, fork.config, 0, fork.state.timeNs);
    sim.restore(fork.state); // the live random stream too: both runs see the same arrivals
    sim.setController(std::make_unique<AdaptiveSignalController>(*fork.network, adaptive));

    // The flood prediction's cuts, per CTM link: the capacity left once the road is impassable, and once
    // it is dangerous (the simulator's own depth-to-capacity rule at those depths).
    const bool flood = !o.impassableAtS.empty();
    const double impassableFactor = HydrologySim::capacityFactorForDepth(0.15);
    const double dangerousFactor = HydrologySim::capacityFactorForDepth(0.30);
    std::vector<double> applied(fork.network->linkCount(), -1.0);

    TrafficKpiMeter kpi(*fork.network, fork.config.jamDensityPerLaneKm);
    TrafficKpiMeter block(*fork.network, fork.config.jamDensityPerLaneKm);
    const std::size_t links = fork.ctmLinkOf.size();
    std::vector<double> vehH(fork.network->linkCount(), 0.0), vehKm(fork.network->linkCount(), 0.0);
    std::vector<std::uint32_t> linkOfEntity;
    for (std::uint32_t l = 0; l < fork.network->linkCount(); ++l) {
        const std::uint32_t e = fork.network->link(l).entity == kNoIndex ? l : fork.network->link(l).entity;
        if (e >= linkOfEntity.size())
            linkOfEntity.resize(e + 1, kNoIndex);
        linkOfEntity[e] = l;
    }
    const double exitedBefore = sim.account().exited;
    const double intervalS = fork.config.readingIntervalS;
    const auto intervalNs = static_cast<std::int64_t>(intervalS * 1e9);
    std::vector<Reading> readings;
    std::int64_t t = fork.state.timeNs;
    const std::int64_t end = t + o.minutes * kMinuteNs;
    int minute = 0;
    while (t < end) {
        if (flood) {
            const double atS = static_cast<double>(t - fork.state.timeNs) / 1e9;
            for (std::size_t l = 0; l < links && l < o.impassableAtS.size(); ++l) {
                const std::uint32_t c = fork.ctmLinkOf[l];
                if (c == kNoIndex)
                    continue;
                double f = 1.0;
                if (l < o.dangerousAtS.size() && o.dangerousAtS[l] >= 0 && atS >= o.dangerousAtS[l])
                    f = dangerousFactor;
                else if (o.impassableAtS[l] >= 0 && atS >= o.impassableAtS[l])
                    f = impassableFactor;
                // Never lift a cut the live water already made: take the smaller.
                f = std::min(f, fork.state.capFactor[c]);
                if (f != (applied[c] < 0 ? fork.state.capFactor[c] : applied[c])) {
                    sim.setCapacityFactor(c, f);
                    applied[c] = f;
                }
            }
        }
        t += intervalNs;
        readings.clear();
        sim.advanceTo(t, &readings);
        const double queued = sim.account().inQueues;
        kpi.add(readings, intervalS, queued);
        block.add(readings, intervalS, queued);
        for (const Reading &r : readings) {
            if (r.measurement != Measurement::Traffic || r.entity >= linkOfEntity.size())
                continue;
            const std::uint32_t l = linkOfEntity[r.entity];
            if (l == kNoIndex)
                continue;
            // Vehicle-weighted, as the network figure; an empty road counts at its free speed.
            const double veh = std::max(1e-3, r.values[2]);
            vehH[l] += veh;
            vehKm[l] += veh * r.values[0];
        }
        if (t - fork.state.timeNs >= static_cast<std::int64_t>(minute + 1) * kMinuteNs) {
            ++minute;
            if (minute % std::max(1, o.seriesEveryMin) == 0 || t >= end) {
                out.speedSeries.push_back(block.averageSpeedKmh());
                block = TrafficKpiMeter(*fork.network, fork.config.jamDensityPerLaneKm);
            }
            if (progress && !progress(progressFrom + progressSpan * minute / std::max(1, o.minutes)))
                return false;
        }
    }
    out.speedKmh = kpi.averageSpeedKmh();
    out.delayVehH = kpi.delayVehH();
    out.stops = kpi.stops();
    out.vehicleKm = kpi.vehicleKm();
    out.exited = sim.account().exited - exitedBefore;
    out.entryQueueEnd = sim.account().inQueues;
    out.linkSpeedKmh.assign(links, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t l = 0; l < links; ++l) {
        const std::uint32_t c = fork.ctmLinkOf[l];
        if (c != kNoIndex && vehH[c] > 0)
            out.linkSpeedKmh[l] = static_cast<float>(vehKm[c] / vehH[c]);
    }
    return true;
}

} // namespace

TrafficFork forkTraffic(CitySimulator &sim)
{
    CtmSimulator &traffic = sim.traffic();
    TrafficFork f;
    f.network = traffic.demand().network();
    f.demand = std::make_shared<const DemandModel>(traffic.demand());
    f.config = traffic.config();
    f.state = traffic.snapshot();
    f.ctmLinkOf.resize(sim.scenario().links.size());
    for (std::size_t l = 0; l < f.ctmLinkOf.size(); ++l)
        f.ctmLinkOf[l] = sim.ctmLink(l);
    return f;
}

WhatIfResult runWhatIf(const TrafficFork &fork, const WhatIfOptions &options, const std::function<bool(double)> &progress)
{
    const auto t0 = std::chrono::steady_clock::now();
    WhatIfResult r;
    r.startNs = fork.state.timeNs;
    if (!runOnce(fork, options, false, r.fixed, progress, 0.0, 0.5)
        || !runOnce(fork, options, true, r.adaptive, progress, 0.5, 0.5))
        return WhatIfResult{};
    r.minutes = options.minutes;
    const double impassableFactor = HydrologySim::capacityFactorForDepth(0.15);
    for (std::size_t l = 0; l < options.impassableAtS.size() && l < fork.ctmLinkOf.size(); ++l) {
        const std::uint32_t c = fork.ctmLinkOf[l];
        r.roadsCutByFlood += c != kNoIndex && options.impassableAtS[l] >= 0 && options.impassableAtS[l] < options.minutes * 60.0
            && fork.state.capFactor[c] > impassableFactor;
    }
    r.wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace cityops::core
