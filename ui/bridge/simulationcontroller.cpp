#include "simulationcontroller.h"

#include "enginebridge.h"

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/readingsource.h"
#include "sim/citysimulator.h"
#include "optimize/districtcontrol.h"
#include "sim/demooptions.h"

#include <QCoreApplication>
#include <QPointer>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace cityops::ui {

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
// How often the engine advances the simulator (wall time): at 600x, 30 s of engine time per tick.
constexpr std::chrono::milliseconds kTickPeriod{50};
// At most this many simulated minutes per tick, so the io thread (listeners, snapshots) never waits long.
constexpr int kMaxMinutesPerTick = 2;
// The share of the io thread the simulator may take: the rest is for ingesting its readings, the
// listeners and the snapshots.
constexpr double kCostHeadroom = 0.6;
// Hold the clock when the simulator is this far behind it; let it go once it is within a minute again.
// Readings are stale after three expected intervals (3 min), and a tick at 600x moves the clock 30 s.
constexpr std::int64_t kHoldLagNs = 90'000'000'000LL;
constexpr std::int64_t kResumeLagNs = kMinuteNs;
// actualSpeed() averages over this much wall time.
constexpr qint64 kSpeedWindowMs = 4000;

} // namespace

/// The engine's view of the simulator. Built on the GUI thread; everything but the atomics runs on the
/// engine's io thread (advanceTo() from the engine's source timer, setRate() from a posted command).
///
/// Pacing: it times every simulated minute and caps the clock's rate at what the simulator sustains with
/// room to spare (a storm minute can cost 200 ms, more than 600x allows); if it still falls behind (the io
/// thread was busy), it stops the clock until the simulator has caught up.
class SimulatorSource final : public core::ReadingSource {
public:
    SimulatorSource(std::shared_ptr<const core::Scenario> scenario, core::SimulatorOptions options,
                    std::shared_ptr<core::Clock> clock, double rate)
        : m_scenario(std::move(scenario))
        , m_options(std::move(options))
        , m_clock(std::move(clock))
        , m_rate(rate)
        , m_simulatedNs(m_options.startNs - m_options.startNs % kMinuteNs)
    {
    }

    void advanceTo(std::int64_t timeNs, std::vector<core::Reading> &out) override
    {
        if (!m_sim) { // built here so that the simulator never leaves the io thread
            m_sim = std::make_unique<core::CitySimulator>(m_scenario, m_options);
            for (const auto &[district, adaptive] : m_signalModes)
                core::setDistrictAdaptive(*m_sim, district, adaptive);
        }
        for (int k = 0; k < kMaxMinutesPerTick && m_sim->timeNs() + kMinuteNs <= timeNs; ++k) {
            const auto before = std::chrono::steady_clock::now();
            m_sim->advanceTo(m_sim->timeNs() + kMinuteNs, out);
            const double cost = std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
            m_minuteCostS = m_minuteCostS > 0.0 ? 0.7 * m_minuteCostS + 0.3 * cost : cost;
        }
        m_simulatedNs.store(m_sim->timeNs(), std::memory_order_relaxed);
        pace(false);
    }

    std::int64_t timeNs() const override { return m_simulatedNs.load(std::memory_order_relaxed); }

    /// Fixed-time or adaptive signal control for a district ("" the whole city); io thread.
    void setDistrictAdaptive(const std::string &district, bool adaptive)
    {
        // The whole city overrides every district's choice; a district's newest choice replaces its last.
        std::erase_if(m_signalModes, [&](const auto &m) { return district.empty() || m.first == district; });
        m_signalModes.emplace_back(district, adaptive);
        if (m_sim)
            core::setDistrictAdaptive(*m_sim, district, adaptive);
    }

    /// The operator's rate (0 = paused).
    void setRate(double rate)
    {
        m_rate = rate;
        pace(true);
    }

    std::int64_t simulatedNs() const { return m_simulatedNs.load(std::memory_order_relaxed); }

    /// A copy of the traffic state (null before the first minute); io thread.
    std::shared_ptr<const core::TrafficFork> forkTraffic()
    {
        return m_sim ? std::make_shared<const core::TrafficFork>(core::forkTraffic(*m_sim)) : nullptr;
    }

    /// The timing of the signal with model entity `entity`, or of the signal at the end of the road link
    /// `entity`; false if there is none; io thread.
    bool signalTiming(std::uint32_t entity, core::SignalTimingView &out) const
    {
        if (!m_sim)
            return false;
        const core::CtmSimulator &traffic = m_sim->traffic();
        const core::CtmNetwork &net = traffic.network();
        std::uint32_t node = core::kNoIndex;
        for (std::uint32_t l = 0; l < net.linkCount() && node == core::kNoIndex; ++l)
            if (net.link(l).entity == entity)
                node = net.link(l).to;
        const auto *adaptive = dynamic_cast<const core::AdaptiveSignalController *>(&traffic.controller());
        for (std::uint32_t s = 0; s < net.signalCount(); ++s)
            if (net.signal(s).entity == entity || (node != core::kNoIndex && net.signal(s).node == node)) {
                out = core::signalTiming(traffic, adaptive, s);
                return true;
            }
        return false;
    }

    bool holding() const { return m_holding.load(std::memory_order_relaxed); }

private:
    void pace(bool force)
    {
        const std::int64_t lag = m_clock->nowNs() - m_simulatedNs.load(std::memory_order_relaxed);
        const bool wasHolding = m_holding.load(std::memory_order_relaxed);
        const bool hold = m_rate > 0.0 && (wasHolding ? lag >= kResumeLagNs : lag > kHoldLagNs);
        double rate = hold ? 0.0 : m_rate;
        if (rate > 0.0 && m_minuteCostS > 0.0)
            rate = std::min(rate, std::max(1.0, std::floor(kCostHeadroom * 60.0 / m_minuteCostS)));
        // Small changes of the cap are not worth re-anchoring the clock for.
        const bool small = rate > 0.0 && m_applied > 0.0 && rate != m_rate && std::abs(rate - m_applied) < 0.1 * m_applied;
        m_holding.store(hold, std::memory_order_relaxed);
        if (force || (rate != m_applied && !small)) {
            m_applied = rate;
            m_clock->setRate(rate);
        }
    }

    std::shared_ptr<const core::Scenario> m_scenario;
    core::SimulatorOptions m_options;
    std::shared_ptr<core::Clock> m_clock;
    std::unique_ptr<core::CitySimulator> m_sim;
    std::vector<std::pair<std::string, bool>> m_signalModes; ///< the operator's switches, in order
    double m_rate;             // the operator's
    double m_applied = -1.0;   // what the clock was last set to
    double m_minuteCostS = 0.0; // wall seconds per simulated minute, smoothed
    std::atomic<std::int64_t> m_simulatedNs;
    std::atomic<bool> m_holding{false};
};

QList<double> SimulationController::speedSteps()
{
    return {1.0, 10.0, 60.0, 300.0, 600.0};
}

SimulationController::SimulationController(EngineBridge *bridge, std::shared_ptr<const core::Scenario> scenario,
                                           QObject *parent)
    : QObject(parent), m_bridge(bridge), m_scenario(std::move(scenario))
{
    m_sampler.setInterval(250);
    connect(&m_sampler, &QTimer::timeout, this, &SimulationController::sampleSpeed);
}

SimulationController::~SimulationController()
{
    // The engine may outlive us: detach so that it stops advancing a simulator nobody controls.
    if (m_source)
        if (core::Engine *engine = m_bridge->engine())
            engine->attachSource(nullptr, kSourceName);
}

void SimulationController::start()
{
    core::Engine *engine = m_bridge->engine();
    if (!engine || !m_scenario)
        return;
    const auto &clock = m_bridge->clock();
    m_startNs = clock->nowNs();
    const core::SimulatorOptions options = core::demoSimulatorOptions(m_startNs, m_rain, kRainPeakInHours);
    m_rainPeakNs = m_rain == core::RainScenario::None
        ? 0
        : options.hydrology.eventStartNs + std::max(0, core::peakHour(m_rain)) * 3600LL * 1'000'000'000LL;
    m_source = std::make_shared<SimulatorSource>(m_scenario, options, clock, m_paused ? 0.0 : m_speed);
    // The signal control the operator chose survives a restart (the whole city's choice first).
    for (const auto &[district, adaptive] : m_adaptive)
        m_source->setDistrictAdaptive(district.toStdString(), adaptive);
    engine->attachSource(m_source, kSourceName, kTickPeriod);
    applyRate();
    ++m_restarts;
    m_samples.clear();
    m_wall.start();
    m_sampler.start();
    Q_EMIT restarted();
}

void SimulationController::restart()
{
    start();
}

int SimulationController::setDistrictAdaptive(const QString &district, bool adaptive)
{
    const std::string id = district.toStdString();
    if (district.isEmpty())
        m_adaptive.clear();
    m_adaptive[district] = adaptive;
    core::Engine *engine = m_bridge->engine();
    if (m_source) {
        if (engine && engine->running())
            engine->post([source = m_source, id, adaptive] { source->setDistrictAdaptive(id, adaptive); });
        else
            m_source->setDistrictAdaptive(id, adaptive);
    }
    Q_EMIT signalControlChanged();
    return signalsIn(district);
}

std::future<std::shared_ptr<const core::TrafficFork>> SimulationController::forkTraffic() const
{
    auto promise = std::make_shared<std::promise<std::shared_ptr<const core::TrafficFork>>>();
    auto future = promise->get_future();
    core::Engine *engine = m_bridge->engine();
    if (!m_source || !engine || !engine->running())
        promise->set_value(nullptr);
    else
        engine->post([source = m_source, promise] { promise->set_value(source->forkTraffic()); });
    return future;
}

void SimulationController::requestSignalTiming(std::uint32_t entity, QObject *context,
                                               std::function<void(const core::SignalTimingView &)> done) const
{
    core::Engine *engine = m_bridge->engine();
    if (!m_source || !engine || !engine->running() || !context)
        return;
    engine->post([source = m_source, entity, target = QPointer<QObject>(context), done = std::move(done)] {
        core::SignalTimingView view;
        if (!source->signalTiming(entity, view))
            return;
        // The context is only looked at on the GUI thread: it may be gone by the time the answer arrives.
        QMetaObject::invokeMethod(QCoreApplication::instance(), [target, done, view] {
            if (target)
                done(view);
        }, Qt::QueuedConnection);
    });
}

bool SimulationController::districtAdaptive(const QString &district) const
{
    if (auto it = m_adaptive.find(district); it != m_adaptive.end())
        return it->second;
    if (auto it = m_adaptive.find(QString()); it != m_adaptive.end())
        return it->second;
    return false;
}

int SimulationController::signalsIn(const QString &district) const
{
    if (!m_scenario)
        return 0;
    int n = 0;
    for (const core::Entity &e : m_scenario->city->entities())
        n += e.kind == core::EntityKind::Signal && (district.isEmpty() || e.district == district.toStdString());
    return n;
}

void SimulationController::setSpeed(double speed)
{
    if (!(speed > 0.0) || speed == m_speed)
        return;
    m_speed = speed;
    applyRate();
    Q_EMIT speedChanged(m_speed);
}

void SimulationController::stepSpeed(int direction)
{
    // From a speed between the steps (--speed 100), the next step is the nearest one in that direction.
    const QList<double> steps = speedSteps();
    if (direction > 0) {
        const auto it = std::find_if(steps.begin(), steps.end(), [this](double s) { return s > m_speed; });
        if (it != steps.end())
            setSpeed(*it);
    } else if (direction < 0) {
        const auto it = std::find_if(steps.rbegin(), steps.rend(), [this](double s) { return s < m_speed; });
        if (it != steps.rend())
            setSpeed(*it);
    }
}

void SimulationController::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    applyRate();
    Q_EMIT pausedChanged(m_paused);
}

void SimulationController::setRain(core::RainScenario rain)
{
    if (rain == m_rain)
        return;
    m_rain = rain;
    Q_EMIT rainChanged(m_rain);
    if (started())
        restart();
}

std::int64_t SimulationController::simulatedTimeNs() const
{
    return m_source ? m_source->simulatedNs() : 0;
}

bool SimulationController::holding() const
{
    return m_source && m_source->holding();
}

void SimulationController::applyRate()
{
    const double rate = m_paused ? 0.0 : m_speed;
    // Measure the new speed afresh.
    m_samples.clear();
    m_actualSpeed = rate;
    if (!m_source) {
        m_bridge->clock()->setRate(rate);
        return;
    }
    // The clock's rate is the io thread's to set (the pacing changes it too): send the rate there.
    core::Engine *engine = m_bridge->engine();
    if (engine && engine->running())
        engine->post([source = m_source, rate] { source->setRate(rate); });
    else
        m_source->setRate(rate);
}

void SimulationController::sampleSpeed()
{
    const qint64 wall = m_wall.elapsed();
    m_samples.emplace_back(wall, m_bridge->clock()->nowNs());
    while (m_samples.size() > 2 && wall - m_samples.front().first > kSpeedWindowMs)
        m_samples.pop_front();
    const auto &[w0, e0] = m_samples.front();
    if (wall - w0 < 1000)
        return; // too short to tell
    const double actual = static_cast<double>(m_samples.back().second - e0) / 1e6 / static_cast<double>(wall - w0);
    if (std::abs(actual - m_actualSpeed) > 0.01 * std::max(1.0, m_actualSpeed)) {
        m_actualSpeed = actual;
        Q_EMIT actualSpeedChanged(m_actualSpeed);
    }
}

} // namespace cityops::ui
