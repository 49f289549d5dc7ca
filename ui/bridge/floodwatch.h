// FloodWatch: the engine's picture of the water, now and ahead, for the map's flood layer and the
// inspector. It follows the snapshots minute by minute of engine time: the rain gauges' readings drive a
// FloodTracker (core/predict: the city's surface water as the drains are designed, under the rain measured),
// whose depths are the map's "now"; every predictEveryMin engine minutes a FloodPredictor runs ahead from
// that state under the gauges' nowcast and gives the depths at +30, +60 and +120 min and each road's
// forecast. Nothing here reads the simulator: a live city gives the same inputs.
//
// Threading: the object lives on the GUI thread; the tracking runs on a thread of its own and each
// prediction on another (one at a time; a prediction still running when the next is due is not queued).
// Results come back to the GUI thread as signals carrying immutable values.
#pragma once

#include "snapshotfollower.h"

#include "alarms/alarm.h"
#include "predict/floodpredictor.h"

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace cityops::ui {

/// Water depths on the scenario's grid (row 0 north; an ESRI ASCII grid's geometry), now or predicted.
struct DepthGrid {
    int cols = 0, rows = 0;
    double xllCorner = 0, yllCorner = 0, cellSize = 0; ///< degrees
    std::int64_t timeNs = 0;  ///< engine time the depths are for (the prediction's start plus its horizon)
    int horizonMin = 0;       ///< 0: the tracked depths now
    std::vector<float> depthM;
};
using DepthGridPtr = std::shared_ptr<const DepthGrid>;

/// The newest prediction: a depth grid per horizon, and the roads' and sites' forecasts.
struct FloodOutlook {
    std::int64_t timeNs = 0;  ///< engine time the prediction started from
    double computeSeconds = 0;
    std::array<DepthGridPtr, 3> grids;
    core::FloodForecast forecast;
};
using FloodOutlookPtr = std::shared_ptr<const FloodOutlook>;

class FloodWatch : public SnapshotWatch {
    Q_OBJECT

public:
    struct Options {
        int predictEveryMin = 10;
        /// Wall-clock seconds at least between two predictions' starts: at 300x a prediction every 10
        /// engine minutes would keep a core busy for nothing the operator could read.
        double minPredictionGapS = 45;
        core::FloodPredictorOptions predictor; ///< the drainage design (the scenario's, by default)
    };
    FloodWatch(std::shared_ptr<const core::Scenario> scenario, Options options, QObject *parent = nullptr);
    explicit FloodWatch(std::shared_ptr<const core::Scenario> scenario, QObject *parent = nullptr)
        : FloodWatch(std::move(scenario), Options{}, parent)
    {
    }
    ~FloodWatch() override;


    DepthGridPtr now() const { return m_now; }
    FloodOutlookPtr outlook() const { return m_outlook; }
    /// The grid for a horizon index: 0 now, 1..3 the prediction's horizons (null until there is one).
    DepthGridPtr grid(int horizonIndex) const;
    const std::array<int, 3> &horizonsMin() const { return m_horizons; }
    /// Where each new prediction's roads go as alarm input (the engine's postFloodForecast, so that alarms
    /// carry their lead time; null: nowhere, as in a replay, whose recorded forecasts replay by themselves).
    /// Called on the prediction's thread.
    using ForecastSink = std::function<void(std::int64_t basisNs, std::vector<core::RoadFloodAlarmInput> roads)>;
    void setForecastSink(ForecastSink sink);

    /// The link index (Scenario::links, the order of the forecast's roads) of a model entity, -1 if none.
    int linkOfEntity(std::uint32_t entity) const
    {
        return entity < m_linkOfEntity.size() ? m_linkOfEntity[entity] : -1;
    }

Q_SIGNALS:
    /// The tracked depths moved on (at most every engine minute).
    void nowChanged();
    /// A new prediction is in.
    void outlookChanged();

private:
    class Tracker;
    Tracker *m_tracker = nullptr; ///< owned by the base (the followed half)
    std::array<int, 3> m_horizons{};
    std::vector<int> m_linkOfEntity;
    DepthGridPtr m_now;
    FloodOutlookPtr m_outlook;
};

} // namespace cityops::ui

Q_DECLARE_METATYPE(cityops::ui::DepthGridPtr)
Q_DECLARE_METATYPE(cityops::ui::FloodOutlookPtr)
