#include "optimize/greenwave.h"

#include "sim/ctm.h"

#include <algorithm>

namespace cityops::core {

std::vector<WaveLink> arterialLinks(const CtmNetwork &net)
{
    const std::size_t nodes = net.nodeCount();
    std::vector<double> maxOut(nodes, 0), maxIn(nodes, 0);
    for (std::uint32_t l = 0; l < net.linkCount(); ++l) {
        const CtmLink &k = net.link(l);
        maxOut[k.from] = std::max(maxOut[k.from], k.capacityVph);
        maxIn[k.to] = std::max(maxIn[k.to], k.capacityVph);
    }
    std::vector<WaveLink> out;
    for (std::uint32_t l = 0; l < net.linkCount(); ++l) {
        const CtmLink &k = net.link(l);
        const std::uint32_t up = net.signalAt(k.from), down = net.signalAt(k.to);
        if (up == kNoIndex || down == kNoIndex || up == down)
            continue;
        // The main road at both ends; a little slack so rounding in generated capacities does not matter.
        if (k.capacityVph < 0.99 * maxOut[k.from] || k.capacityVph < 0.99 * maxIn[k.to])
            continue;
        WaveLink w;
        w.upSignal = up;
        w.downSignal = down;
        w.link = l;
        w.travelS = k.lengthM / std::max(1.0, k.speedKmh / 3.6);
        for (std::uint32_t m : net.movementsAt(k.from)) {
            const CtmMovement &mv = net.movement(m);
            if (mv.to == l && mv.turn == Turn::Through && mv.phaseMask != CtmMovement::kAlwaysOpen)
                w.upPhases |= mv.phaseMask;
        }
        for (std::uint32_t m : net.movementsFrom(l)) {
            const CtmMovement &mv = net.movement(m);
            if (mv.turn == Turn::Through && mv.phaseMask != CtmMovement::kAlwaysOpen)
                w.downPhases |= mv.phaseMask;
        }
        if (!w.upPhases || !w.downPhases)
            continue;
        // Only a main road: the link must clearly outrank every road the downstream signal serves in its
        // other phases. Where all roads are equal (a uniform grid) waves in both directions would fight
        // over every signal, and there is no arterial to coordinate.
        // An in-link crosses when none of its movements is green with the chain's through phases.
        double crossing = 0;
        const auto at = net.movementsAt(k.to);
        for (std::uint32_t m : at) {
            const std::uint32_t from = net.movement(m).from;
            if (from == l)
                continue;
            std::uint32_t phases = 0;
            for (std::uint32_t m2 : at)
                if (net.movement(m2).from == from && net.movement(m2).phaseMask != CtmMovement::kAlwaysOpen)
                    phases |= net.movement(m2).phaseMask;
            if (phases && !(phases & w.downPhases))
                crossing = std::max(crossing, net.link(from).capacityVph);
        }
        if (k.capacityVph >= kMainRoadRatio * crossing)
            out.push_back(w);
    }
    return out;
}

GreenWave::GreenWave(std::vector<WaveLink> links, std::size_t signalCount, double platoonS)
    : m_links(std::move(links))
    , m_track(m_links.size())
    , m_byUp(signalCount)
    , m_byDown(signalCount)
    , m_platoonS(platoonS)
{
    for (std::uint32_t i = 0; i < m_links.size(); ++i) {
        const WaveLink &w = m_links[i];
        if (w.upSignal < signalCount && w.downSignal < signalCount) {
            m_byUp[w.upSignal].push_back(i);
            m_byDown[w.downSignal].push_back(i);
        }
    }
}

std::size_t GreenWave::coordinatedSignals() const
{
    return static_cast<std::size_t>(
        std::count_if(m_byDown.begin(), m_byDown.end(), [](const auto &v) { return !v.empty(); }));
}

void GreenWave::observe(std::uint32_t signal, int greenPhase, double nowS)
{
    if (signal >= m_byUp.size())
        return;
    for (std::uint32_t i : m_byUp[signal]) {
        Track &t = m_track[i];
        const bool through = greenPhase >= 0 && greenPhase < 32 && (m_links[i].upPhases >> greenPhase & 1u);
        const bool wasGreen = t.greenEndS == kNever;
        if (through && !wasGreen) {
            t.greenStartS = nowS;
            t.greenEndS = kNever;
        } else if (!through && wasGreen) {
            t.greenEndS = nowS;
        }
    }
}

double GreenWave::platoonDueS(std::uint32_t signal, int phase, double nowS) const
{
    if (signal >= m_byDown.size() || phase < 0 || phase >= 32)
        return kNever;
    double due = kNever;
    for (std::uint32_t i : m_byDown[signal]) {
        const WaveLink &w = m_links[i];
        if (!(w.downPhases >> phase & 1u))
            continue;
        const Track &t = m_track[i];
        if (t.greenStartS == -kNever)
            continue;
        // The platoon is the queue the upstream red held: it leaves during the first platoonS of the green.
        const double head = t.greenStartS + w.travelS;
        const double tail = std::min(t.greenEndS, t.greenStartS + m_platoonS) + w.travelS;
        if (nowS < head)
            due = std::min(due, head - nowS);
        else if (nowS < tail)
            due = 0;
    }
    return due;
}

} // namespace cityops::core
