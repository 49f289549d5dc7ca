// FloodPredictor: runs the city's surface water ahead of real time from the current state and a rainfall
// nowcast, and says which roads, tunnels, underpasses and underground car parks will flood, how deep and
// when (the lead time an alarm carries).
//
// What it may know is what the engine knows: the scenario (terrain, imperviousness, drainage design),
// the current water depths on the grid, the water-level stations' latest readings (from which it
// estimates how full each catchment's pipes are) and the rain gauges' readings up to now (RainNowcaster
// turns them into a nowcast; a forecast feed can be passed instead). Never the future rain.
//
// Threading: FloodPredictor is built once per scenario and then used by one thread at a time (predict()
// reuses its solver's buffers); build one per thread to predict in parallel. The forecast it returns is a
// plain value that may be shared read-only. RainNowcaster is a plain object owned by one thread.
#pragma once

#include "alarms/alarm.h"
#include "model/scenario.h"
#include "predict/floodsolver.h"
#include "sim/hydrology.h"

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace cityops::core {

/// Risk classes of the map legend: above 0.15 m cars cannot pass, above 0.3 m water is dangerous.
enum class FloodRisk : std::uint8_t { None, Impassable, Dangerous };
inline constexpr double kImpassableDepthM = 0.15;
inline constexpr double kDangerousDepthM = 0.30;
FloodRisk floodRiskForDepth(double depthM);
const char *floodRiskName(FloodRisk risk);

/// Rain for the prediction: a city-mean rate per step, and each gauge's share of it (the storm's shape).
struct RainNowcast {
    std::int64_t startNs = 0;          ///< time the first step begins (the prediction's start)
    double stepS = 60.0;
    std::vector<double> meanMmph;      ///< per step; past the end the last value holds
    std::vector<double> gaugeFactor;   ///< per gauge (FloodPredictor::gaugeEntities order); empty: uniform

    /// Mean rate (mm/h) `secondsAhead` after startNs.
    double rateAt(double secondsAhead) const;
    /// A nowcast from a forecast feed: mean rates per step, uniform over the city.
    static RainNowcast fromSeries(std::int64_t startNs, double stepS, std::vector<double> meanMmph);
};

struct NowcastOptions {
    double recentMin = 10.0;      ///< the current rate is the mean over this window
    double trendLagMin = 30.0;    ///< trend: current rate against the one this long before
    double trendHorizonMin = 60.0;///< the trend is extrapolated this far, then held
    double maxGrowth = 2.0;       ///< the nowcast never exceeds this multiple of the current rate
    bool extrapolateRise = true;  ///< false: a rising trend is held at the current rate (a falling one still decays)
};

/// The gauges' trend, extrapolated: r(t) = max(0, r_now + slope * min(t, trendHorizon)), capped at
/// maxGrowth * r_now; a falling trend decays towards zero. The spatial shape is each gauge's recent
/// share of the city mean.
class RainNowcaster {
public:
    explicit RainNowcaster(std::size_t gauges, NowcastOptions options = {});
    /// One reading per gauge for the minute ending at `timeNs` (NaN: no reading). Times must not decrease.
    void observe(std::int64_t timeNs, std::span<const double> mmphPerGauge);
    RainNowcast nowcast(std::int64_t nowNs, double horizonS) const;
    std::size_t gauges() const { return m_gauges; }

private:
    double meanOver(std::int64_t fromNs, std::int64_t toNs, std::vector<double> *perGauge) const;
    std::size_t m_gauges;
    NowcastOptions m_options;
    std::vector<std::int64_t> m_times;
    std::vector<double> m_rates; ///< m_gauges per observation
};

/// What the engine knows about the water now.
struct FloodState {
    std::int64_t timeNs = 0;
    std::vector<float> depthM;          ///< per grid cell (row 0 = north); empty: dry
    std::vector<double> stationLevelM;  ///< per station (FloodPredictor::stationEntities order); NaN unknown
    std::vector<double> pipeFill;       ///< per catchment 0..1 if known (FloodTracker); else from the levels
};

struct FloodPredictorOptions {
    std::array<int, 3> horizonsMin = {30, 60, 120};
    // The drainage design, as HydrologyOptions describes the city's.
    double infiltrationMmph = 15.0;
    double pipeStorageMm = 20.0;
    double outfallMmph = 30.0;
    double pipeDepthM = 3.0;
    double manningN = 0.035;
    bool keepCellDepths = false;        ///< also return the grid's depths at each horizon
};

/// One road link's forecast. Times are seconds after the prediction's start: 0 if already above the
/// threshold, negative if not reached within the last horizon.
struct RoadFloodForecast {
    float depthNowM = 0;
    std::array<float, 3> depthM{};      ///< deepest water on the link at each horizon
    std::array<float, 3> maxDepthByM{}; ///< deepest at any time up to each horizon
    std::array<FloodRisk, 3> risk{};
    double impassableInS = -1;          ///< first time the link reaches 0.15 m
    double dangerousInS = -1;           ///< first time it reaches 0.3 m
    bool tunnel = false, underpass = false;
};

/// An underground car park, road tunnel or underpass and its risk.
struct SiteFloodForecast {
    enum class Kind : std::uint8_t { UndergroundParking, Tunnel, Underpass };
    Kind kind = Kind::UndergroundParking;
    std::uint32_t entity = 0;           ///< index into the CityModel
    std::uint32_t link = 0;             ///< index into Scenario::links (tunnels and underpasses)
    float depthNowM = 0;
    float maxDepthM = 0;                ///< deepest up to the last horizon
    FloodRisk risk = FloodRisk::None;   ///< class of maxDepthM
    double impassableInS = -1;
    double dangerousInS = -1;
};

struct FloodForecast {
    std::int64_t timeNs = 0;
    std::array<int, 3> horizonsMin{};
    std::vector<RoadFloodForecast> roads;   ///< one per Scenario::links, same order
    std::vector<SiteFloodForecast> sites;   ///< every underground car park, tunnel and underpass
    std::vector<std::vector<float>> cellDepthM; ///< per horizon, if asked for
    std::vector<double> meanRainMmph;       ///< the nowcast used, per minute
    std::uint64_t steps = 0;                ///< solver steps taken
    double massError = 0;                   ///< the run's relative water-balance error

    /// What each road keeps of its capacity in the traffic model if the prediction `withinS` ahead comes
    /// true (1 dry ... 0 dangerous), from the deepest water predicted up to the first horizon >= withinS.
    std::vector<double> capacityFactors(double withinS) const;
    /// Roads predicted to reach 0.15 m within `withinS`.
    std::vector<std::uint32_t> roadsImpassableWithin(double withinS) const;
    /// The roads predicted to become impassable, as the alarm engine takes them (Engine::postFloodForecast):
    /// model entities with the predicted engine times of crossing 0.15 m and 0.3 m.
    std::vector<RoadFloodAlarmInput> alarmInput(const Scenario &scenario) const;
};

class FloodPredictor {
public:
    FloodPredictor(std::shared_ptr<const Scenario> scenario, FloodPredictorOptions options = {});

    /// Runs from `state` for the longest horizon under `nowcast`.
    FloodForecast predict(const FloodState &state, const RainNowcast &nowcast);

    const HydrologyGrid &grid() const { return m_grid; }
    const std::vector<std::uint32_t> &gaugeEntities() const { return m_grid.gaugeEntity; }
    const std::vector<std::uint32_t> &stationEntities() const { return m_grid.stationEntity; }
    /// How full each catchment's pipes are (0..1), estimated from the stations' levels and the water
    /// standing at them; unknown catchments get the mean of the known ones.
    std::vector<double> pipeFill(const FloodState &state) const;
    /// Deepest water (m) on a link in a depth grid.
    double linkDepth(std::span<const float> depthM, std::size_t link) const;
    const FloodPredictorOptions &options() const { return m_options; }

private:
    friend class FloodTracker;
    /// Rain (m/s) per cell from one rate per gauge (mm/h, NaN: that gauge is left out).
    void rainField(std::span<const double> gaugeMmph, std::vector<double> &out) const;

    std::shared_ptr<const Scenario> m_scenario;
    FloodPredictorOptions m_options;
    HydrologyGrid m_grid;
    FloodSolver m_solver;
    std::vector<double> m_pipeCapacity, m_outfallRate;
    // Rain interpolation: up to four nearest gauges per cell with inverse-distance weights.
    std::vector<std::array<std::uint16_t, 4>> m_gaugeIdx;
    std::vector<std::array<float, 4>> m_gaugeW;
    // Underground car parks: the cells around each entrance.
    std::vector<std::uint32_t> m_parkEntity;
    std::vector<std::vector<std::uint32_t>> m_parkCells;
};

/// The engine's own picture of the water, for when no simulator's depths are at hand (a live city): the
/// predictor's model advanced minute by minute under the rain the gauges measured, with the drains and
/// pipes as designed. Its state() is what a prediction starts from.
///
/// Threading: owned by one thread, like the predictor it was built from (which must outlive it).
class FloodTracker {
public:
    explicit FloodTracker(const FloodPredictor &predictor);
    /// Advances the minute that ends at `minuteEndNs` under the gauges' readings for it (mm/h per gauge
    /// in FloodPredictor::gaugeEntities order; NaN: no reading).
    void observeMinute(std::int64_t minuteEndNs, std::span<const double> gaugeMmph);
    FloodState state() const;
    const FloodSolver &solver() const { return m_solver; }

private:
    const FloodPredictor &m_predictor;
    FloodSolver m_solver;
    std::vector<double> m_storage, m_lastDrained, m_open, m_drained, m_rain;
    std::int64_t m_timeNs = 0;
};

} // namespace cityops::core
