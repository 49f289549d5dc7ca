#include "floodwatch.h"

#include "linkindex.h"

#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

namespace cityops::ui {

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
// A jump further than this (a replay's seek, a paused engine resumed) starts the water picture afresh
// from the minute it lands on rather than replaying hours of rain minute by minute.
constexpr std::int64_t kMaxCatchUpMin = 120;

DepthGridPtr makeGrid(const core::HydrologyGrid &g, std::vector<float> depths, std::int64_t timeNs, int horizonMin)
{
    auto grid = std::make_shared<DepthGrid>();
    grid->cols = g.cols;
    grid->rows = g.rows;
    grid->xllCorner = g.originLon;
    grid->yllCorner = g.originLat;
    grid->cellSize = g.cellDeg;
    grid->timeNs = timeNs;
    grid->horizonMin = horizonMin;
    grid->depthM = std::move(depths);
    return grid;
}

} // namespace

// The tracking thread's half: the tracker and the gauges' history; predictions on a thread of their own.
class FloodWatch::Tracker : public SnapshotFollower {
public:
    Tracker(std::shared_ptr<const core::Scenario> scenario, Options options, FloodWatch *owner)
        : SnapshotFollower(QStringLiteral("flood-watch"))
        , m_owner(owner)
        , m_options(options)
        , m_predictor(scenario, options.predictor)
        , m_tracker(std::make_unique<core::FloodTracker>(m_predictor))
        , m_nowcaster(m_predictor.gaugeEntities().size())
        , m_levels(m_predictor.stationEntities().size(), std::numeric_limits<double>::quiet_NaN())
        , m_scenario(std::move(scenario))
    {
        m_options.predictor.keepCellDepths = true;
    }
    ~Tracker() override
    {
        stop();
        if (m_predictThread.joinable())
            m_predictThread.join();
    }

private:
    void onSnapshot(const core::SnapshotPtr &snap) override
    {
        if (!snap || snap->entities.size() != m_scenario->city->size())
            return;
        const std::int64_t minute = snap->timeNs / kMinuteNs;
        if (m_minute == 0 || minute < m_minute || minute - m_minute > kMaxCatchUpMin) {
            // The first snapshot, a replay sought backwards, or a jump far ahead: start afresh here.
            m_tracker = std::make_unique<core::FloodTracker>(m_predictor);
            m_nowcaster = core::RainNowcaster(m_predictor.gaugeEntities().size());
            m_minute = m_lastPrediction = minute;
            return;
        }
        if (minute == m_minute)
            return;
        // The gauges' newest readings stand for every minute that passed since the last snapshot.
        const auto &gauges = m_predictor.gaugeEntities();
        std::vector<double> rates(gauges.size(), std::numeric_limits<double>::quiet_NaN());
        for (std::size_t g = 0; g < gauges.size(); ++g) {
            const auto &s = snap->entities[gauges[g]];
            if (s.freshness == core::Freshness::Fresh && s.has(0))
                rates[g] = s.values[0];
        }
        const auto &stations = m_predictor.stationEntities();
        for (std::size_t k = 0; k < stations.size(); ++k) {
            const auto &s = snap->entities[stations[k]];
            if (s.freshness == core::Freshness::Fresh && s.has(0))
                m_levels[k] = s.values[0];
        }
        while (m_minute < minute) {
            ++m_minute;
            m_nowcaster.observe(m_minute * kMinuteNs, rates);
            m_tracker->observeMinute(m_minute * kMinuteNs, rates);
        }
        core::FloodState state = m_tracker->state();
        state.stationLevelM = m_levels;
        auto now = makeGrid(m_predictor.grid(), state.depthM, m_minute * kMinuteNs, 0);
        publish(m_owner, [owner = m_owner, now] {
            owner->m_now = now;
            Q_EMIT owner->nowChanged();
        });
        const bool gapPassed = !m_sincePrediction.isValid()
            || static_cast<double>(m_sincePrediction.elapsed()) >= 1000.0 * m_options.minPredictionGapS;
        if (m_minute - m_lastPrediction >= m_options.predictEveryMin && gapPassed && !m_predicting.load()) {
            m_lastPrediction = m_minute;
            m_sincePrediction.start();
            startPrediction(std::move(state));
        }
    }

    void startPrediction(core::FloodState state)
    {
        if (m_predictThread.joinable())
            m_predictThread.join();
        const auto &h = m_options.predictor.horizonsMin;
        const int horizon = *std::max_element(h.begin(), h.end());
        core::RainNowcast nowcast = m_nowcaster.nowcast(state.timeNs, horizon * 60.0);
        m_predicting = true;
        m_predictThread = std::thread([this, state = std::move(state), nowcast = std::move(nowcast)] {
            if (!m_forecaster)
                m_forecaster = std::make_unique<core::FloodPredictor>(m_scenario, m_options.predictor);
            QElapsedTimer clock;
            clock.start();
            auto outlook = std::make_shared<FloodOutlook>();
            outlook->forecast = m_forecaster->predict(state, nowcast);
            outlook->timeNs = state.timeNs;
            outlook->computeSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
            for (std::size_t k = 0; k < outlook->grids.size() && k < outlook->forecast.cellDepthM.size(); ++k) {
                const int minutes = outlook->forecast.horizonsMin[k];
                outlook->grids[k] = makeGrid(m_forecaster->grid(), std::move(outlook->forecast.cellDepthM[k]),
                                             state.timeNs + minutes * kMinuteNs, minutes);
            }
            outlook->forecast.cellDepthM.clear();
            {
                const std::lock_guard lock(m_sinkMutex);
                if (m_sink)
                    m_sink(outlook->timeNs, outlook->forecast.alarmInput(*m_scenario));
            }
            publish(m_owner, [owner = m_owner, outlook = FloodOutlookPtr(outlook)] {
                owner->m_outlook = outlook;
                Q_EMIT owner->outlookChanged();
            });
            m_predicting = false;
        });
    }

public:
    void setSink(ForecastSink sink)
    {
        const std::lock_guard lock(m_sinkMutex);
        m_sink = std::move(sink);
    }

private:
    FloodWatch *m_owner;
    Options m_options;
    std::mutex m_sinkMutex;
    ForecastSink m_sink;
    core::FloodPredictor m_predictor; ///< the tracker's model
    std::unique_ptr<core::FloodTracker> m_tracker;
    core::RainNowcaster m_nowcaster;
    std::vector<double> m_levels;
    std::shared_ptr<const core::Scenario> m_scenario;
    std::int64_t m_minute = 0, m_lastPrediction = 0;
    std::unique_ptr<core::FloodPredictor> m_forecaster; ///< the predictions' own (its buffers are reused)
    std::thread m_predictThread;
    std::atomic<bool> m_predicting{false};
    QElapsedTimer m_sincePrediction;
};

FloodWatch::FloodWatch(std::shared_ptr<const core::Scenario> scenario, Options options, QObject *parent)
    : SnapshotWatch(parent)
    , m_horizons(options.predictor.horizonsMin)
{
    qRegisterMetaType<DepthGridPtr>();
    qRegisterMetaType<FloodOutlookPtr>();
    m_linkOfEntity = linkIndexByEntity(*scenario);
    auto tracker = std::make_unique<Tracker>(std::move(scenario), options, this);
    m_tracker = tracker.get();
    follow(std::move(tracker));
}

void FloodWatch::setForecastSink(ForecastSink sink)
{
    m_tracker->setSink(std::move(sink));
}

FloodWatch::~FloodWatch() = default; // the tracker stops its thread and joins a prediction still running

DepthGridPtr FloodWatch::grid(int horizonIndex) const
{
    if (horizonIndex <= 0)
        return m_now;
    if (!m_outlook || horizonIndex > static_cast<int>(m_outlook->grids.size()))
        return nullptr;
    return m_outlook->grids[static_cast<std::size_t>(horizonIndex - 1)];
}


} // namespace cityops::ui
