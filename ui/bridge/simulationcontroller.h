// SimulationController: the demo city. Attaches a core::CitySimulator to the bridge's engine as the source
// "simulator" and controls it like an operator would: speed (the rate of the engine's virtual clock, 1x to
// 600x), pause, and the rain scenario (a new one restarts the simulation at the current engine time, with
// the storm's peak an hour later), and the signal control of any district: fixed-time plans or the adaptive
// controller (core/optimize), switched on the simulator's own thread.
//
// Threading: create, use and destroy on the GUI thread, after EngineBridge::start(), on a bridge whose
// clock is virtual. The simulator itself lives on the engine's io thread: it is built there on the first
// tick, advanced there by the engine, and speed changes reach it as commands posted to that thread. Only
// atomics cross back (the simulated time, whether the clock is held). The clock's rate is set on the io
// thread alone: by those commands, and by the pacing that holds the clock while the simulator catches up
// (a storm minute can take longer to compute than 600x allows), so readings never go stale merely because
// the simulator fell behind. actualSpeed() tells how fast engine time really moves.
#pragma once

#include "model/scenario.h"
#include "optimize/adaptivecontroller.h"
#include "optimize/whatif.h"
#include "sim/rainfall.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <utility>

namespace cityops::ui {

class EngineBridge;
class SimulatorSource;

class SimulationController : public QObject {
    Q_OBJECT
    Q_PROPERTY(double speed READ speed WRITE setSpeed NOTIFY speedChanged)
    Q_PROPERTY(bool paused READ paused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(double actualSpeed READ actualSpeed NOTIFY actualSpeedChanged)

public:
    /// The engine source name of the simulator's readings (ASCII: it is recorded and shown as is).
    static constexpr const char *kSourceName = "simulator";
    static constexpr double kDefaultSpeed = 60.0;
    static constexpr core::RainScenario kDefaultRain = core::RainScenario::Heavy;
    /// Hours from the start of a simulation to the beginning of the storm's wettest hour.
    static constexpr double kRainPeakInHours = 1.0;

    /// The speeds the controls step through: 1x, 10x, 60x, 300x, 600x.
    static QList<double> speedSteps();

    SimulationController(EngineBridge *bridge, std::shared_ptr<const core::Scenario> scenario, QObject *parent = nullptr);
    ~SimulationController() override;

    /// Attaches a new simulator that starts at the engine's current time. Call after the bridge started.
    void start();
    bool started() const { return m_source != nullptr; }
    /// A new simulator from the current engine time, with the current rain scenario.
    void restart();

    double speed() const { return m_speed; }
    /// Sets the clock's rate (any positive value; the controls offer speedSteps()).
    void setSpeed(double speed);
    /// The next step up (+1) or down (-1) from the current speed.
    void stepSpeed(int direction);
    bool paused() const { return m_paused; }
    void setPaused(bool paused);
    void togglePause() { setPaused(!m_paused); }

    core::RainScenario rain() const { return m_rain; }
    /// Takes effect at once: restarts the simulation if it runs.
    void setRain(core::RainScenario rain);
    /// Switches the signals of a district (empty: the whole city) to adaptive (true) or fixed-time control;
    /// returns how many signals that is. The choice survives a restart.
    int setDistrictAdaptive(const QString &district, bool adaptive);
    /// The control a district's signals are under (the whole city's choice unless the district has its own).
    bool districtAdaptive(const QString &district) const;
    /// Signals of a district (empty: the whole city) in the scenario.
    int signalsIn(const QString &district) const;
    /// A copy of the live traffic state for a what-if run, taken on the simulator's thread at its next turn.
    /// The future holds null if the simulation is not running (or stops before the copy is taken).
    std::future<std::shared_ptr<const core::TrafficFork>> forkTraffic() const;
    /// The phase timing of the signal with model entity `entity` (or of the signal at the end of the road
    /// link `entity`) as the simulator has it now, handed to `done` on `context`'s thread (not at all if the
    /// simulation is not running or there is no such signal).
    void requestSignalTiming(std::uint32_t entity, QObject *context,
                             std::function<void(const core::SignalTimingView &)> done) const;

    /// Engine time when the simulation (re)started, and when its storm's wettest hour begins.
    std::int64_t startNs() const { return m_startNs; }
    std::int64_t rainPeakNs() const { return m_rainPeakNs; }

    /// Engine time up to which the simulator has produced readings (0 before start()).
    std::int64_t simulatedTimeNs() const;
    /// True while the clock waits for the simulator to catch up.
    bool holding() const;
    /// Engine seconds per wall second over the last few seconds (the speed, unless the simulator lags).
    double actualSpeed() const { return m_actualSpeed; }

    /// The restarts so far (0 after the first start()).
    int restarts() const { return m_restarts; }

Q_SIGNALS:
    void speedChanged(double speed);
    void pausedChanged(bool paused);
    void rainChanged(cityops::core::RainScenario rain);
    void actualSpeedChanged(double speed);
    /// A new simulator was attached (by start(), restart() or setRain()).
    void restarted();
    void signalControlChanged();

private:
    void applyRate();
    void sampleSpeed();

    EngineBridge *m_bridge;
    std::shared_ptr<const core::Scenario> m_scenario;
    std::shared_ptr<SimulatorSource> m_source; // shared with the engine; its simulator is io-thread only
    double m_speed = kDefaultSpeed;
    bool m_paused = false;
    std::map<QString, bool> m_adaptive; ///< by district id; "" the whole city (sorted first)
    core::RainScenario m_rain = kDefaultRain;
    std::int64_t m_startNs = 0;
    std::int64_t m_rainPeakNs = 0;
    int m_restarts = -1;

    QTimer m_sampler;
    QElapsedTimer m_wall;
    std::deque<std::pair<qint64, std::int64_t>> m_samples; // wall ms, engine ns
    double m_actualSpeed = 0.0;
};

} // namespace cityops::ui
