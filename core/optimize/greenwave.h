// Green wave along arterials (issue 8): platoon-aware coordination of consecutive signals.
//
// An arterial chain is a run of signalised intersections joined by the through movements of their
// highest-capacity links. When the upstream signal of a chain link turns its through movement green, the
// queue it held leaves as a platoon that reaches the downstream stop line one travel time later. GreenWave
// remembers, for every chain link, when the upstream through green started and ended, and answers "when
// does the next platoon reach this phase's stop line?". The adaptive policy (phasechooser.h) uses that to
// keep a through green for a platoon about to arrive instead of cutting it for the side street, so the
// platoon finds green (see CityOpsTuning::waveLeadS).
//
// Nothing here knows a scenario or a simulator's internals: chains come from the CTM network's geometry
// (arterialLinks) or from any caller that fills WaveLink (the SUMO driver builds them from the lane graph).
//
// Threading: plain value; owned by one controller and called from its thread.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace cityops::core {

class CtmNetwork;

/// One link of an arterial chain, from the stop line of `upSignal` to the stop line of `downSignal`.
struct WaveLink {
    std::uint32_t upSignal = 0;
    std::uint32_t upPhases = 0;    ///< bit p: phase p of the upstream signal releases through traffic onto it
    std::uint32_t downSignal = 0;
    std::uint32_t downPhases = 0;  ///< bit p: phase p of the downstream signal serves its through traffic
    double travelS = 0;            ///< free-flow travel time between the two stop lines
    std::uint32_t link = 0;        ///< the caller's id of the link (CTM link index, SUMO edge number, ...)
};

/// A chain link's capacity must be at least this many times that of every road the downstream signal
/// serves in its other phases: a main road, not one of equals.
inline constexpr double kMainRoadRatio = 1.2;

/// Arterial chain links of a CTM network: links that join two signalised nodes, are fed by a through
/// movement at the upstream node and continue by a through movement at the downstream one, carry the
/// largest capacity among the links leaving the upstream node and among those entering the downstream one,
/// and outrank the crossing roads by kMainRoadRatio (a uniform grid has no arterial). Ordered by link index.
std::vector<WaveLink> arterialLinks(const CtmNetwork &network);

/// Where the platoons of the arterial chains are.
class GreenWave {
public:
    static constexpr double kNever = std::numeric_limits<double>::infinity();

    GreenWave() = default;
    /// `platoonS`: how long the head of a released platoon keeps arriving (the discharge of the queue the
    /// upstream red held; traffic after it is a trickle the approach term sees anyway).
    GreenWave(std::vector<WaveLink> links, std::size_t signalCount, double platoonS = 20.0);

    const std::vector<WaveLink> &links() const { return m_links; }
    bool empty() const { return m_links.empty(); }
    /// Signals that are the downstream end of at least one chain link.
    std::size_t coordinatedSignals() const;

    /// `signal` shows phase `greenPhase` green at `nowS` (-1: amber, all-red or unknown). Cheap; call it at
    /// every change (calling it again with the same phase changes nothing).
    void observe(std::uint32_t signal, int greenPhase, double nowS);
    /// Seconds until the next platoon for phase `phase` of `signal` reaches the stop line: 0 while one is
    /// arriving, kNever when none is known.
    double platoonDueS(std::uint32_t signal, int phase, double nowS) const;

private:
    struct Track {
        double greenStartS = -kNever; ///< upstream through green started (-inf: never seen)
        double greenEndS = -kNever;   ///< ... ended; +inf while it is green
    };
    std::vector<WaveLink> m_links;
    std::vector<Track> m_track;
    std::vector<std::vector<std::uint32_t>> m_byUp, m_byDown; ///< per signal: indices into m_links
    double m_platoonS = 20.0;
};

} // namespace cityops::core
