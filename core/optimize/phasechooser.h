// Which phase a signal should serve next, from what its detectors see. One function shared by every
// controller we run: the CTM simulator's adaptive controller (adaptivecontroller.h) and the SUMO driver of
// `cityops-cli eval signals`. It only decides; the timing machines around it (CtmSimulator, TlsMachine)
// enforce minimum green, amber and all-red, so a bad decision can cost delay but never safety.
//
// Threading: pure functions, no state.
#pragma once

#include <cstdint>
#include <span>

namespace cityops::core {

/// What one phase's movements see now. Counts include upstream look-back for short approach lanes.
struct PhaseDemand {
    double queueVeh = 0;      ///< vehicles standing on the approaches the phase serves
    double approachVeh = 0;   ///< vehicles moving towards those stop lines (within the look-back)
    double exitVeh = 0;       ///< vehicles on the phase's exit lanes (max-pressure's downstream term)
    double exitQueueVeh = 0;  ///< of those, standing
    double blockedShare = 0;  ///< 0..1: share of the approaches whose every exit is full (green is wasted)
    double redS = 0;          ///< seconds since the phase was last green (0 for the current one)
};

struct PhaseBounds {
    double minGreenS = 5;
    double maxGreenS = 60;
};

enum class PhasePolicy : std::uint8_t {
    MaxPressure,  ///< Varaiya's max-pressure: vehicles upstream minus downstream, largest wins
    LongestQueue, ///< greedy: the phase with the longest standing queue wins
    CityOps,      ///< ours: see choosePhase()
};

/// Tuning of the CityOps policy. Defaults are the ones evaluated; nothing is per network.
struct CityOpsTuning {
    double approachWeight = 0.3;   ///< a moving vehicle counts this much of a standing one
    double exitQueueWeight = 1.0;  ///< standing vehicles downstream push back (spill-back avoidance)
    double switchRatio = 1.1;      ///< another phase must beat the current one by this factor ...
    double switchMarginVeh = 1.0;  ///< ... plus this many vehicles (the lost time of a change)
    double gapOutVeh = 0.5;        ///< current phase with less than this left to serve ends (gap-out)
    double exitVehWeight = 0.0;    ///< every vehicle downstream pushes back (max-pressure's term)
    double minGreenFloorS = 10.0;  ///< the policy's own minimum green, on top of the program's (RESCO's 10 s step)
    /// A green lasts at least this many times the amber + all-red that ends it: a change costs that much
    /// lost time, so greens shorter than a few clearances waste capacity (applied by the timing owner).
    double clearanceMultiple = 2.0;
    /// A phase with vehicles waiting that has been red this long is served next, whatever the pressure
    /// says: pressure alone can starve a small approach, and a starved turn in a shared lane blocks the
    /// lane behind it.
    double maxRedS = 120.0;
};

/// Score of a phase under a policy (higher: more reason to be green).
double phaseScore(PhasePolicy policy, const PhaseDemand &d, const CityOpsTuning &tuning = {});

/// The phase to switch to, or -1 to keep `current` green. Never switches before `bounds[current].minGreenS`.
/// CityOps: after the minimum green, the current phase ends when it has nothing left to serve (gap-out)
/// and another phase waits, when another phase's pressure beats it by a margin worth the lost time, or
/// at its maximum green if another phase waits; a phase with vehicles that has waited maxRedS goes first.
/// The baselines switch to the best-scoring phase whenever
/// it strictly beats the current one.
int choosePhase(PhasePolicy policy, int current, double greenElapsedS, std::span<const PhaseBounds> bounds,
                std::span<const PhaseDemand> demand, const CityOpsTuning &tuning = {});

} // namespace cityops::core
