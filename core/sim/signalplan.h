// Signal plans and the controllers that run them in the traffic simulator (ctm.h).
//
// A signalised node cycles through its phases; each phase is green, then amber, then all-red. The simulator
// owns the timing state machine and enforces the safety rules (minimum green, amber and all-red always run);
// a SignalController only decides, at decision points, whether the current phase stays green and which phase
// comes next. FixedTimeController is the default: a fixed cycle of the plan's phases with settable greens.
// An adaptive controller (max-pressure, ...) replaces it through CtmSimulator::setController().
//
// Threading: plain objects owned by one simulator and called only from the thread that advances it; none
// of them locks. To change greens from another thread, post the change to the simulator's thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cityops::core {

class CtmSimulator;

/// Timing limits of one phase, seconds (from the scenario's SignalPhase).
struct PhaseTiming {
    double minGreenS = 10;
    double maxGreenS = 60;
    double amberS = 3;
    double allRedS = 2;
};

/// The phases of one signalised node. Which movements each phase serves lives in the network (a phase bit
/// mask per movement); this is the timing part.
struct SignalPlan {
    std::string id;            ///< intersection id
    std::uint32_t node = 0;    ///< node index in the CtmNetwork
    std::uint32_t entity = 0;  ///< Signal entity in the CityModel (readings name it)
    std::vector<PhaseTiming> phases;
};

enum class SignalStage : std::uint8_t { Green, Amber, AllRed };

/// What a controller sees at a decision point. `sim` gives access to queues and pressures
/// (CtmSimulator::phaseQueueVeh, phasePressure, linkOccupancy, ...).
struct SignalNodeState {
    std::uint32_t signal = 0;   ///< index of the signal in the network (0..signalCount-1)
    std::int64_t timeNs = 0;    ///< simulation time
    int phase = 0;              ///< the phase that is green now
    int phaseCount = 0;
    double greenElapsedS = 0;   ///< how long `phase` has been green (0 at the start of its green)
    const SignalPlan *plan = nullptr;
    const CtmSimulator *sim = nullptr;
};

/// A controller's answer. Keep the phase green for `holdS` more seconds and ask again, or end it
/// (amber, all-red) and go to `nextPhase`. The simulator holds at least until the phase's minimum green.
struct SignalDecision {
    int nextPhase = -1;  ///< -1: keep the current phase green
    double holdS = 0;    ///< with nextPhase == -1: ask again after this long (at least one time step)

    static SignalDecision hold(double seconds) { return {-1, seconds}; }
    static SignalDecision switchTo(int phase) { return {phase, 0}; }
};

/// The hook an adaptive controller implements. Called at the start of every green and whenever the
/// previous hold expires; must be deterministic (same state -> same decision) for replays to match.
class SignalController {
public:
    virtual ~SignalController() = default;
    virtual SignalDecision decide(const SignalNodeState &state) = 0;
};

/// Fixed-time control: phases in order 0, 1, ..., each green for its set duration (by default the
/// midpoint of its minimum and maximum green), then its amber and all-red.
class FixedTimeController final : public SignalController {
public:
    explicit FixedTimeController(const std::vector<SignalPlan> &plans);

    SignalDecision decide(const SignalNodeState &state) override;

    /// Sets a phase's green, clamped to [minGreen, maxGreen]; returns the value applied.
    double setGreen(std::uint32_t signal, int phase, double seconds);
    double green(std::uint32_t signal, int phase) const;
    /// Sum of greens, ambers and all-reds of the plan.
    double cycleS(std::uint32_t signal) const;
    std::size_t signalCount() const { return m_plans.size(); }

private:
    std::vector<std::vector<PhaseTiming>> m_plans;
    std::vector<std::vector<double>> m_green;
};

} // namespace cityops::core
