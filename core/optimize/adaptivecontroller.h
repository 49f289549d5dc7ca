// Adaptive signal control in the CTM simulator (issue 8): a SignalController that times every signal it is
// switched on for from what the simulator's detectors see (queues at the stop line, vehicles approaching,
// vehicles on the exits, full exits), and runs the fixed-time plan everywhere else. The operator switches
// any set of signals (a district) between the two at any time; the change takes effect at each signal's
// next decision point, so a running green is never cut short.
//
// Safety is not this class's job: CtmSimulator holds every green for its minimum and always runs amber and
// all-red. This class also keeps, per signal, the greens it actually gave, for the inspector's timing view.
//
// Threading: owned by the simulator it is installed in and called only from the thread that advances it.
// The query functions read simulator state too: call them on that thread (or between advances).
#pragma once

#include "optimize/greenwave.h"
#include "optimize/phasechooser.h"
#include "sim/ctm.h"
#include "sim/signalplan.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cityops::core {

class AdaptiveSignalController final : public SignalController {
public:
    /// All signals start fixed-time (`adaptive` false) or adaptive (true).
    AdaptiveSignalController(const CtmNetwork &network, bool adaptive, CityOpsTuning tuning = {});

    SignalDecision decide(const SignalNodeState &state) override;

    void setAdaptive(std::uint32_t signal, bool on);
    void setAllAdaptive(bool on);
    bool isAdaptive(std::uint32_t signal) const { return m_adaptive.at(signal) != 0; }
    /// The fixed-time plan used where adaptive control is off (its greens can be edited).
    FixedTimeController &fixedTime() { return m_fixed; }
    /// The last green each phase of `signal` was given (seconds; the plan's green before any was run).
    const std::vector<double> &lastGreens(std::uint32_t signal) const { return m_lastGreen.at(signal); }
    /// Seconds between adaptive re-decisions while a phase is green (default: one simulator step).
    void setDecisionIntervalS(double s) { m_intervalS = s; }
    /// The arterial chains found in the network and their platoons (used when tuning().waveLeadS > 0).
    const GreenWave &greenWave() const { return m_wave; }
    const CityOpsTuning &tuning() const { return m_tuning; }

    /// One decision for every adaptive signal at the simulator's current state, without changing anything
    /// (the benchmark's unit of work). Returns how many switched.
    int decideAll(const CtmSimulator &sim, std::vector<int> &out) const;

private:
    int choose(const CtmSimulator &sim, std::uint32_t signal, int phase, double elapsedS, std::int64_t nowNs) const;

    const CtmNetwork *m_net;
    FixedTimeController m_fixed;
    CityOpsTuning m_tuning;
    std::vector<std::uint8_t> m_adaptive;
    std::vector<std::vector<double>> m_lastGreen;
    std::vector<int> m_lastPhase;
    std::vector<std::vector<std::int64_t>> m_lastGreenNs; ///< per signal and phase: last time it was green
    double m_intervalS = 0;
    GreenWave m_wave;
    mutable std::vector<PhaseDemand> m_demand;
    mutable std::vector<PhaseBounds> m_bounds;
};

/// What the inspector shows for one intersection.
struct SignalTimingView {
    std::string id;
    bool adaptive = false;
    int phase = 0;                 ///< green now (or being left)
    int nextPhase = 0;             ///< after the amber/all-red; == phase while green
    SignalStage stage = SignalStage::Green;
    double greenElapsedS = 0;
    double stageRemainingS = 0;    ///< amber/all-red: exact; green: fixed-time exact, adaptive until the next check
    double plannedGreenRemainingS = 0; ///< fixed-time: the plan's rest; adaptive: the estimate to clear the queue, within min/max
    double cycleS = 0;             ///< last completed cycle
    struct Phase {
        double minGreenS, maxGreenS, amberS, allRedS;
        double plannedGreenS;      ///< fixed-time green, or the last green adaptive control gave
        double queueVeh;           ///< standing at the stop lines, wanting this phase
    };
    std::vector<Phase> phases;
};

/// The timing view of `signal`. `controller` may be null (plain fixed-time simulator).
SignalTimingView signalTiming(const CtmSimulator &sim, const AdaptiveSignalController *controller, std::uint32_t signal);

/// Network KPIs from the simulator's Traffic readings (one per link per reading interval).
/// Average speed is vehicle-weighted over links: sum(veh_l * speed_l) / sum(veh_l), i.e. the space-mean
/// speed of the vehicles on the network (VKT / VHT); vehicles still waiting to enter are not on a link and
/// are counted only in the delay. Stops are estimated: every vehicle that leaves a link whose mean speed in
/// the interval was under kStopSpeedKmh (a standing or crawling queue) stopped there once.
class TrafficKpiMeter {
public:
    static constexpr double kStopSpeedKmh = 10.0;

    TrafficKpiMeter(const CtmNetwork &network, double jamDensityPerLaneKm = 150.0);
    /// Adds a reading interval's Traffic readings (others are ignored) and the vehicles waiting at entries.
    void add(const std::vector<Reading> &readings, double intervalS, double entryQueueVeh);
    double averageSpeedKmh() const { return m_vehHours > 0 ? m_vehKm / m_vehHours : 0; }
    /// Vehicle-hours lost against free flow, including waiting at the entries.
    double delayVehH() const { return m_delayH; }
    double vehicleKm() const { return m_vehKm; }
    double vehicleHours() const { return m_vehHours; }
    double stops() const { return m_stops; }

private:
    const CtmNetwork *m_net;
    std::vector<std::uint32_t> m_linkOfEntity;
    std::vector<double> m_storage;
    double m_vehKm = 0, m_vehHours = 0, m_delayH = 0, m_stops = 0;
};

} // namespace cityops::core
