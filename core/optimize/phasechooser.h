// Which phase a signal should serve next, from what its detectors see. One function shared by every
// controller we run: the CTM simulator's adaptive controller (adaptivecontroller.h) and the SUMO driver of
// `cityops-cli eval signals`. It only decides; the timing machines around it (CtmSimulator, TlsMachine)
// enforce minimum green, amber and all-red, so a bad decision can cost delay but never safety.
//
// Threading: pure functions, no state.
#pragma once

#include <cstdint>
#include <limits>
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
    double approachLanes = 0; ///< approach lanes the phase serves (0: unknown, counted as 1)
    /// Seconds until a platoon released by the upstream signal of an arterial chain reaches this phase's
    /// stop line (0: arriving now; infinity: none known). From GreenWave; only the CityOps policy reads it.
    double platoonDueS = std::numeric_limits<double>::infinity();
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
    double switchRatio = 1.0;      ///< another phase must beat the current one by this factor ...
    double switchMarginVeh = 0.0;  ///< ... plus this many vehicles (hysteresis; the queue hold covers saturation)
    double gapOutVeh = 0.5;        ///< current phase with less than this left to serve ends (gap-out)
    double exitVehWeight = 0.0;    ///< every vehicle downstream pushes back (max-pressure's term)
    /// The policy's own minimum green, on top of the program's. Short, so that light traffic is served
    /// promptly; under load the queue hold below keeps greens long.
    double minGreenFloorS = 6.0;
    /// A green lasts at least this many times the amber + all-red that ends it: a change costs that much
    /// lost time, so greens shorter than a few clearances waste capacity (applied by the timing owner).
    double clearanceMultiple = 2.0;
    /// A green also lasts at least this share of the green the network's own plan gives the phase, up to
    /// planMinGreenCapS (applied by the timing owner): a program designed with long greens marks a junction
    /// whose phases carry long queues, where greens of a few seconds waste the change's lost time; a plan of
    /// short greens (10 s) leaves the floor alone. 0: off. Chosen on seeds 101-113 (issue 8).
    double planMinGreenShare = 0.2;
    double planMinGreenCapS = 7.0;
    /// A phase with vehicles waiting that has been red this long is served next, whatever the pressure
    /// says: pressure alone can starve a small approach, and a starved turn in a shared lane blocks the
    /// lane behind it.
    double maxRedS = 120.0;
    /// How much a blocked approach (every exit full) is discounted: 1 = fully, 0 = not at all.
    double blockedWeight = 1.0;
    /// Another phase "waits" when it has at least this many vehicles (queue + approaching) to serve.
    double otherWaitsVeh = 0.5;
    /// A green whose approaches still hold at least queueHoldVehPerLane standing vehicles per lane (that
    /// can move) is not cut before queueHoldS, unless its maximum green or the starvation guard ends it:
    /// under saturation every phase has a queue, and switching as soon as another looks longer spends the
    /// intersection's capacity on ambers and start-up losses.
    double queueHoldS = 25.0;
    double queueHoldVehPerLane = 3.0;
    /// Green wave (greenwave.h): a green whose arterial platoon is arriving, or due within waveLeadS, is not
    /// ended by gap-out or by another phase's pressure before waveHoldS (its maximum green and the
    /// starvation guard still end it), so the platoon finds green. 0: off.
    double waveLeadS = 0.0;
    double waveHoldS = 40.0;
};

/// Score of a phase under a policy (higher: more reason to be green).
/// The CityOps minimum green of a phase: the program's, the clearance multiple and the plan share.
double cityOpsMinGreenS(const CityOpsTuning &tuning, double programMinGreenS, double amberS, double allRedS,
                        double planGreenS);

double phaseScore(PhasePolicy policy, const PhaseDemand &d, const CityOpsTuning &tuning = {});

/// The phase to switch to, or -1 to keep `current` green. Never switches before `bounds[current].minGreenS`.
/// CityOps: after the minimum green, a phase with vehicles that has waited maxRedS goes first; otherwise,
/// if another phase waits, the current one ends at its maximum green, is held while it still discharges
/// a long queue (queue hold) or an arterial platoon arrives (green wave, if on), and then ends when it has nothing left to serve (gap-out) or another
/// phase's pressure beats it by the switching ratio and margin.
/// The baselines switch to the best-scoring phase whenever
/// it strictly beats the current one.
int choosePhase(PhasePolicy policy, int current, double greenElapsedS, std::span<const PhaseBounds> bounds,
                std::span<const PhaseDemand> demand, const CityOpsTuning &tuning = {});

} // namespace cityops::core
