// What-if (issue 8): the live traffic forked and run forward twice from the same state, once under the
// fixed-time plans and once under adaptive control, with the same demand and random stream, so the two
// outcomes differ by the signal control alone. Roads the flood prediction expects to become impassable
// lose their capacity in both runs at the predicted time (issue 9: "roads predicted impassable cut capacity
// in the traffic model").
//
// Threading: forkTraffic() on the thread that advances the live simulator (it copies its state); runWhatIf()
// on any thread (the fork is self-contained), typically a worker so neither the engine nor the GUI waits.
#pragma once

#include "sim/citysimulator.h"
#include "sim/ctm.h"
#include "sim/demand.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace cityops::core {

/// A copy of the live traffic model's state: what a what-if run starts from.
struct TrafficFork {
    std::shared_ptr<const CtmNetwork> network;
    std::shared_ptr<const DemandModel> demand;
    CtmConfig config;
    CtmState state;
    std::vector<std::uint32_t> ctmLinkOf; ///< per Scenario::links: its CTM link (kNoIndex if none)
};

/// Copies the simulator's traffic state. Call on the thread that advances `sim`.
TrafficFork forkTraffic(CitySimulator &sim);

struct WhatIfOptions {
    int minutes = 60;
    /// Per Scenario::links: seconds after the fork when the flood prediction has the road impassable
    /// (0.15 m) and dangerous (0.3 m); negative: not predicted. Empty: no flood prediction.
    std::vector<double> impassableAtS, dangerousAtS;
    int seriesEveryMin = 5;
};

/// One run's outcome. Stops are estimated from the detectors, as a macroscopic model must: every vehicle
/// that leaves a link whose mean speed was under kStopSpeedKmh in that minute stopped there once.
struct WhatIfOutcome {
    double speedKmh = 0;        ///< space-mean speed of the vehicles on the network (VKT / VHT)
    double delayVehH = 0;       ///< vehicle-hours lost against free flow, waiting at the entries included
    double stops = 0;
    double vehicleKm = 0;
    double exited = 0;          ///< vehicles that reached their destination
    double entryQueueEnd = 0;   ///< vehicles still waiting to enter at the end
    std::vector<double> speedSeries; ///< network speed of each seriesEveryMin block
    std::vector<float> linkSpeedKmh; ///< per Scenario::links: mean speed over the run (NaN if not modelled)
};

struct WhatIfResult {
    std::int64_t startNs = 0;
    int minutes = 0;
    int roadsCutByFlood = 0;    ///< roads whose capacity the flood prediction cut during the run
    WhatIfOutcome fixed, adaptive;
    double wallS = 0;
};

/// Runs the fork forward `options.minutes` twice. `progress` (0..1) is called about every simulated
/// minute; returning false cancels (the result is then empty, minutes = 0).
WhatIfResult runWhatIf(const TrafficFork &fork, const WhatIfOptions &options,
                       const std::function<bool(double)> &progress = {});

} // namespace cityops::core
