#include "sim/signalplan.h"

#include <algorithm>
#include <stdexcept>

namespace cityops::core {

FixedTimeController::FixedTimeController(const std::vector<SignalPlan> &plans)
{
    m_plans.reserve(plans.size());
    m_green.reserve(plans.size());
    for (const SignalPlan &plan : plans) {
        m_plans.push_back(plan.phases);
        std::vector<double> greens;
        greens.reserve(plan.phases.size());
        for (const PhaseTiming &t : plan.phases)
            greens.push_back(0.5 * (t.minGreenS + std::max(t.minGreenS, t.maxGreenS)));
        m_green.push_back(std::move(greens));
    }
}

SignalDecision FixedTimeController::decide(const SignalNodeState &state)
{
    const double green = m_green[state.signal][static_cast<std::size_t>(state.phase)];
    if (state.greenElapsedS + 1e-9 < green)
        return SignalDecision::hold(green - state.greenElapsedS);
    return SignalDecision::switchTo((state.phase + 1) % std::max(1, state.phaseCount));
}

double FixedTimeController::setGreen(std::uint32_t signal, int phase, double seconds)
{
    if (signal >= m_plans.size() || phase < 0 || static_cast<std::size_t>(phase) >= m_plans[signal].size())
        throw std::out_of_range("FixedTimeController::setGreen: no such signal or phase");
    const PhaseTiming &t = m_plans[signal][static_cast<std::size_t>(phase)];
    const double applied = std::clamp(seconds, t.minGreenS, std::max(t.minGreenS, t.maxGreenS));
    m_green[signal][static_cast<std::size_t>(phase)] = applied;
    return applied;
}

double FixedTimeController::green(std::uint32_t signal, int phase) const
{
    return m_green.at(signal).at(static_cast<std::size_t>(phase));
}

double FixedTimeController::cycleS(std::uint32_t signal) const
{
    double sum = 0;
    const auto &plan = m_plans.at(signal);
    for (std::size_t p = 0; p < plan.size(); ++p)
        sum += m_green[signal][p] + plan[p].amberS + plan[p].allRedS;
    return sum;
}

} // namespace cityops::core
