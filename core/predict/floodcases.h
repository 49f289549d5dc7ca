// Evaluation cases for the flood model (cityops-cli eval flood, bench flood, tests/core/tst_flood*):
// analytic and benchmark-style checks of FloodSolver, the extreme-storm lead-time replay of the demo city
// and the speed benchmark. Each case measures an error and compares it with a threshold fixed here.
//
// Threading: pure functions; each call builds its own models.
#pragma once

#include "model/scenario.h"
#include "predict/floodpredictor.h"
#include "sim/rainfall.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cityops::core {

struct FloodCaseMetric {
    std::string name;
    double value = 0;
    double threshold = 0;   ///< the case passes when value <= threshold (or >= for `atLeast`)
    bool atLeast = false;
    std::string unit;
    bool ok() const { return atLeast ? value >= threshold : value <= threshold; }
};

struct FloodCaseResult {
    std::string name;
    std::string description;
    bool passed = false;
    double error = 0;       ///< the headline metric (metrics[0])
    double threshold = 0;
    std::vector<FloodCaseMetric> metrics;
    double seconds = 0;     ///< wall time of the case
    std::string note;       ///< anything worth reading (why it failed, what was measured)
};

/// Names of the analytic cases, in order.
std::vector<std::string> floodCaseNames();
/// Runs one analytic case by name; false if the name is unknown.
bool runFloodCase(const std::string &name, FloodCaseResult &out);

// ---- Extreme-event lead time ----

struct LeadTimeOptions {
    RainScenario rain = RainScenario::Extreme;
    double startBeforePeakH = 4.0;  ///< the replay starts this long before the peak hour begins
    double durationH = 4.5;         ///< and runs this long (into the peak hour)
    int predictEveryMin = 10;       ///< a prediction from the live state this often
    std::uint64_t seed = 1;
    double requiredLeadMin = 30.0;  ///< the first alarm must come at least this early
    /// false: predictions start from the simulator's live depths; true: from the engine's own FloodTracker,
    /// fed only with the gauges' readings (nothing from the simulator but its sensor feed).
    bool trackedState = false;
    NowcastOptions nowcast;         ///< the gauges' nowcast the predictions run under
};

struct RoadLead {
    std::uint32_t link = 0;
    double alarmMin = -1;           ///< minutes after the start of the first "impassable" prediction, -1 none
    double predictedCrossMin = -1;  ///< the crossing that first prediction gave
    double truthCrossMin = -1;      ///< when the simulated depth first reached 0.15 m, -1 never
    double leadMin() const { return alarmMin >= 0 && truthCrossMin >= 0 ? truthCrossMin - alarmMin : -1; }
};

struct LeadTimeResult {
    std::vector<RoadLead> roads;    ///< every road that was alarmed or flooded
    int flooded = 0;                ///< roads whose truth crossed 0.15 m
    int alarmedBeforeCrossing = 0;  ///< of those, alarmed before the crossing
    int missed = 0;                 ///< flooded without an earlier alarm
    int falseAlarms = 0;            ///< alarmed for a time within the replay, but never flooded in it
    int unverified = 0;             ///< alarmed for a time after the replay ends, not flooded by then
    double minLeadMin = 0, medianLeadMin = 0;
    double firstAlarmMin = -1;      ///< minutes after the start
    double firstAlarmLeadMin = -1;  ///< its road's truth crossing minus the alarm, -1 if it never flooded
    std::uint32_t firstAlarmLink = 0;
    double firstTruthCrossMin = -1;
    int predictions = 0;
    double predictSecondsMean = 0;
    double maxMassError = 0;
    double seconds = 0;
};

/// Replays the demo city's storm in the CitySimulator and predicts every few minutes from its live state
/// (depths, station levels) and the gauges' nowcast; compares the predictions with what then happened.
LeadTimeResult runLeadTimeReplay(std::shared_ptr<const Scenario> scenario, const LeadTimeOptions &options);
/// The same, packed as a case (passes when the first alarm's lead >= options.requiredLeadMin).
FloodCaseResult leadTimeCase(std::shared_ptr<const Scenario> scenario, const LeadTimeOptions &options);

// ---- Benchmark ----

struct FloodBenchResult {
    int cols = 0, rows = 0;
    double dxM = 0;
    double simulatedS = 0;
    double optimisedS = 0;          ///< FloodSolver, adaptive step, one thread (wall time)
    double optimisedCpuS = 0;       ///< the same, CPU time of the thread
    std::uint64_t optimisedSteps = 0;
    double baselineS = 0;           ///< the simulator's SurfaceWater (double storage, no dry skipping)
    std::uint64_t baselineSteps = 0;
    double baselineCpuS = 0;
    double fixedDtS = 0;            ///< FloodSolver with a fixed 1 s step
    std::uint64_t fixedDtSteps = 0;
    double fixedDtCpuS = 0;
    double maxDepthOptimised = 0, maxDepthBaseline = 0;
    double meanAbsDiffM = 0;        ///< mean |depth difference| between the optimised run and the baseline
    double massError = 0;
    double rainMm = 0;
};

/// A 2-hour prediction on a cols x rows window of the demo city's grids (terrain, imperviousness, drainage)
/// under the extreme storm's peak (hours 20-21: 201.9 then 24.5 mm/h) from the state after its hour 19.
FloodBenchResult runFloodBench(const Scenario &scenario, int cols = 200, int rows = 200, bool withFixedDt = true);

} // namespace cityops::core
