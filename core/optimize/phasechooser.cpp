#include "optimize/phasechooser.h"

#include <algorithm>

namespace cityops::core {

double cityOpsMinGreenS(const CityOpsTuning &t, double programMinGreenS, double amberS, double allRedS, double planGreenS)
{
    double g = std::max(programMinGreenS, t.clearanceMultiple * (amberS + allRedS));
    if (t.planMinGreenShare > 0 && planGreenS > 0)
        g = std::max(g, std::min(t.planMinGreenCapS, t.planMinGreenShare * planGreenS));
    return g;
}

double phaseScore(PhasePolicy policy, const PhaseDemand &d, const CityOpsTuning &t)
{
    switch (policy) {
    case PhasePolicy::MaxPressure:
        return d.queueVeh + d.approachVeh - d.exitVeh;
    case PhasePolicy::LongestQueue:
        return d.queueVeh;
    case PhasePolicy::CityOps:
        // Green on an approach whose exits are full moves nobody: weigh by the share that can move.
        return (d.queueVeh + t.approachWeight * d.approachVeh) * (1.0 - t.blockedWeight * std::clamp(d.blockedShare, 0.0, 1.0))
            - t.exitQueueWeight * d.exitQueueVeh - t.exitVehWeight * d.exitVeh;
    }
    return 0;
}

int choosePhase(PhasePolicy policy, int current, double greenElapsedS, std::span<const PhaseBounds> bounds,
                std::span<const PhaseDemand> demand, const CityOpsTuning &t)
{
    const int n = static_cast<int>(std::min(bounds.size(), demand.size()));
    if (n <= 1 || current < 0 || current >= n)
        return -1;
    if (greenElapsedS + 1e-9 < bounds[static_cast<std::size_t>(current)].minGreenS)
        return -1;
    if (policy == PhasePolicy::CityOps && greenElapsedS + 1e-9 < t.minGreenFloorS)
        return -1;
    const double cur = phaseScore(policy, demand[static_cast<std::size_t>(current)], t);
    int best = -1;
    double bestScore = 0;
    for (int p = 0; p < n; ++p) {
        if (p == current)
            continue;
        const double s = phaseScore(policy, demand[static_cast<std::size_t>(p)], t);
        if (best < 0 || s > bestScore) {
            best = p;
            bestScore = s;
        }
    }
    if (best < 0)
        return -1;
    if (policy != PhasePolicy::CityOps)
        return bestScore > cur + 1e-9 ? best : -1;

    // Starvation guard: the longest-waiting phase past maxRedS with someone waiting goes first.
    int starved = -1;
    for (int p = 0; p < n; ++p) {
        const PhaseDemand &d = demand[static_cast<std::size_t>(p)];
        if (p != current && d.queueVeh + d.approachVeh >= 1.0 && d.redS >= t.maxRedS && d.blockedShare < 1.0
            && (starved < 0 || d.redS > demand[static_cast<std::size_t>(starved)].redS))
            starved = p;
    }
    if (starved >= 0)
        return starved;
    const PhaseDemand &b = demand[static_cast<std::size_t>(best)];
    const bool otherWaits = b.queueVeh + b.approachVeh > t.otherWaitsVeh && bestScore > 0;
    if (!otherWaits)
        return -1;
    const PhaseDemand &c = demand[static_cast<std::size_t>(current)];
    if (greenElapsedS + 1e-9 >= bounds[static_cast<std::size_t>(current)].maxGreenS)
        return best;
    // Queue hold: a green still discharging a long standing queue is not cut short (see CityOpsTuning).
    const double unblocked = 1.0 - t.blockedWeight * std::clamp(c.blockedShare, 0.0, 1.0);
    // Green wave: the platoon the upstream signal released is about to arrive; ending now would stop it.
    if (t.waveLeadS > 0 && c.platoonDueS <= t.waveLeadS && unblocked > 0.5 && greenElapsedS + 1e-9 < t.waveHoldS)
        return -1;
    const double queuePerLane = c.queueVeh * unblocked / std::max(1.0, c.approachLanes);
    if (queuePerLane >= t.queueHoldVehPerLane && greenElapsedS + 1e-9 < t.queueHoldS)
        return -1;
    const double serving = (c.queueVeh + t.approachWeight * c.approachVeh) * unblocked;
    if (serving < t.gapOutVeh)
        return best;
    if (bestScore > t.switchRatio * std::max(cur, 0.0) + t.switchMarginVeh)
        return best;
    return -1;
}

} // namespace cityops::core
