#include "optimize/adaptivecontroller.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cityops::core {

AdaptiveSignalController::AdaptiveSignalController(const CtmNetwork &network, bool adaptive, CityOpsTuning tuning)
    : m_net(&network)
    , m_fixed(network.signals())
    , m_tuning(tuning)
    , m_adaptive(network.signalCount(), adaptive ? 1 : 0)
    , m_lastPhase(network.signalCount(), -1)
    , m_wave(arterialLinks(network), network.signalCount())
{
    m_lastGreen.reserve(network.signalCount());
    m_lastGreenNs.reserve(network.signalCount());
    for (std::uint32_t s = 0; s < network.signalCount(); ++s) {
        std::vector<double> g;
        for (std::size_t p = 0; p < network.signal(s).phases.size(); ++p)
            g.push_back(m_fixed.green(s, static_cast<int>(p)));
        m_lastGreen.push_back(std::move(g));
        m_lastGreenNs.emplace_back(network.signal(s).phases.size(), std::numeric_limits<std::int64_t>::min());
    }
}

void AdaptiveSignalController::setAdaptive(std::uint32_t signal, bool on)
{
    if (signal >= m_adaptive.size())
        throw std::out_of_range("AdaptiveSignalController::setAdaptive: no such signal");
    m_adaptive[signal] = on ? 1 : 0;
}

void AdaptiveSignalController::setAllAdaptive(bool on)
{
    std::fill(m_adaptive.begin(), m_adaptive.end(), on ? 1 : 0);
}

int AdaptiveSignalController::choose(const CtmSimulator &sim, std::uint32_t signal, int phase, double elapsedS,
                                     std::int64_t nowNs) const
{
    const SignalPlan &plan = m_net->signal(signal);
    const std::size_t n = plan.phases.size();
    m_demand.resize(n);
    m_bounds.resize(n);
    for (std::size_t p = 0; p < n; ++p) {
        const int ip = static_cast<int>(p);
        PhaseDemand &d = m_demand[p];
        d.queueVeh = sim.phaseQueueVeh(signal, ip);
        d.approachVeh = sim.phaseApproachVeh(signal, ip);
        d.exitVeh = sim.phaseExitVeh(signal, ip);
        // The CTM has no standing/moving split downstream: a full exit is what pushes back.
        d.exitQueueVeh = 0;
        d.blockedShare = sim.phaseBlockedShare(signal, ip);
        const std::int64_t last = m_lastGreenNs[signal][p];
        d.platoonDueS = m_tuning.waveLeadS > 0 ? m_wave.platoonDueS(signal, ip, static_cast<double>(nowNs) * 1e-9)
                                               : GreenWave::kNever;
        d.redS = ip == phase || last == std::numeric_limits<std::int64_t>::min() ? 0.0 : static_cast<double>(nowNs - last) * 1e-9;
        const PhaseTiming &t = plan.phases[p];
        const double minGreen = cityOpsMinGreenS(m_tuning, t.minGreenS, t.amberS, t.allRedS, m_fixed.green(signal, ip));
        m_bounds[p] = {minGreen, std::max(minGreen, t.maxGreenS)};
    }
    return choosePhase(PhasePolicy::CityOps, phase, elapsedS, m_bounds, m_demand, m_tuning);
}

SignalDecision AdaptiveSignalController::decide(const SignalNodeState &state)
{
    const std::uint32_t s = state.signal;
    m_lastPhase[s] = state.phase;
    m_lastGreenNs[s][static_cast<std::size_t>(state.phase)] = state.timeNs;
    // Every signal, fixed-time ones too, tells the green wave when its through greens start and end.
    const double nowS = static_cast<double>(state.timeNs) * 1e-9;
    m_wave.observe(s, state.phase, nowS);
    if (!m_adaptive[s] || !state.sim) {
        const SignalDecision d = m_fixed.decide(state);
        if (d.nextPhase >= 0) {
            m_lastGreen[s][static_cast<std::size_t>(state.phase)] = state.greenElapsedS;
            m_wave.observe(s, -1, nowS);
        }
        return d;
    }
    const PhaseTiming &t = state.plan->phases[static_cast<std::size_t>(state.phase)];
    const double step = m_intervalS > 0 ? m_intervalS : state.sim->config().dtS;
    if (state.greenElapsedS + 1e-9 < t.minGreenS)
        return SignalDecision::hold(t.minGreenS - state.greenElapsedS);
    const int next = choose(*state.sim, s, state.phase, state.greenElapsedS, state.timeNs);
    if (next < 0)
        return SignalDecision::hold(step);
    m_lastGreen[s][static_cast<std::size_t>(state.phase)] = state.greenElapsedS;
    m_wave.observe(s, -1, nowS);
    return SignalDecision::switchTo(next);
}

int AdaptiveSignalController::decideAll(const CtmSimulator &sim, std::vector<int> &out) const
{
    const std::size_t n = m_net->signalCount();
    out.resize(n);
    int switched = 0;
    for (std::uint32_t s = 0; s < n; ++s) {
        out[s] = -1;
        if (!m_adaptive[s])
            continue;
        out[s] = choose(sim, s, sim.signalPhase(s), sim.signalGreenElapsedS(s), sim.timeNs());
        switched += out[s] >= 0 ? 1 : 0;
    }
    return switched;
}

SignalTimingView signalTiming(const CtmSimulator &sim, const AdaptiveSignalController *controller, std::uint32_t signal)
{
    const CtmNetwork &net = sim.network();
    const SignalPlan &plan = net.signal(signal);
    SignalTimingView v;
    v.id = plan.id;
    v.adaptive = controller && controller->isAdaptive(signal);
    v.phase = sim.signalPhase(signal);
    v.nextPhase = sim.signalNextPhase(signal);
    v.stage = sim.signalStage(signal);
    v.greenElapsedS = sim.signalGreenElapsedS(signal);
    v.stageRemainingS = sim.signalRemainingS(signal);
    v.cycleS = sim.signalCycleS(signal);
    for (std::size_t p = 0; p < plan.phases.size(); ++p) {
        const PhaseTiming &t = plan.phases[p];
        SignalTimingView::Phase ph{t.minGreenS, std::max(t.minGreenS, t.maxGreenS), t.amberS, t.allRedS, 0,
                                   sim.phaseQueueVeh(signal, static_cast<int>(p))};
        if (controller)
            ph.plannedGreenS = controller->lastGreens(signal)[p];
        else if (const FixedTimeController *fixed = sim.fixedTimeController())
            ph.plannedGreenS = fixed->green(signal, static_cast<int>(p));
        else
            ph.plannedGreenS = 0.5 * (t.minGreenS + ph.maxGreenS);
        v.phases.push_back(ph);
    }
    if (v.stage == SignalStage::Green && !v.phases.empty()) {
        const auto &ph = v.phases[static_cast<std::size_t>(v.phase)];
        double planned = ph.plannedGreenS;
        if (v.adaptive) {
            // Time to discharge the standing queue at the approaches' capacity, within min/max green.
            double capVps = 0;
            const std::uint32_t bit = 1u << v.phase;
            for (std::uint32_t m : net.movementsAt(plan.node)) {
                const std::uint32_t mask = net.movement(m).phaseMask;
                if (mask != CtmMovement::kAlwaysOpen && (mask & bit))
                    capVps = std::max(capVps, net.link(net.movement(m).from).capacityVph / 3600.0);
            }
            planned = capVps > 0 ? ph.queueVeh / capVps : ph.minGreenS;
            planned = std::clamp(planned, ph.minGreenS, ph.maxGreenS);
        }
        v.plannedGreenRemainingS = std::max(0.0, planned - v.greenElapsedS);
    }
    return v;
}

TrafficKpiMeter::TrafficKpiMeter(const CtmNetwork &network, double jamDensityPerLaneKm)
    : m_net(&network)
{
    std::uint32_t maxEntity = 0;
    for (std::uint32_t l = 0; l < network.linkCount(); ++l) {
        const CtmLink &k = network.link(l);
        maxEntity = std::max(maxEntity, k.entity == kNoIndex ? l : k.entity);
    }
    m_linkOfEntity.assign(static_cast<std::size_t>(maxEntity) + 1, kNoIndex);
    m_storage.resize(network.linkCount());
    for (std::uint32_t l = 0; l < network.linkCount(); ++l) {
        const CtmLink &k = network.link(l);
        m_linkOfEntity[k.entity == kNoIndex ? l : k.entity] = l;
        m_storage[l] = jamDensityPerLaneKm * k.lanes * k.lengthM / 1000.0;
    }
}

void TrafficKpiMeter::add(const std::vector<Reading> &readings, double intervalS, double entryQueueVeh)
{
    const double hours = intervalS / 3600.0;
    for (const Reading &r : readings) {
        if (r.measurement != Measurement::Traffic || r.entity >= m_linkOfEntity.size())
            continue;
        const std::uint32_t l = m_linkOfEntity[r.entity];
        if (l == kNoIndex)
            continue;
        const CtmLink &k = m_net->link(l);
        const double veh = r.values[2] * m_storage[l];
        const double speed = r.values[0];
        m_vehHours += veh * hours;
        m_vehKm += veh * speed * hours;
        // Lost time: actual vehicle-hours minus the hours the same kilometres take at free flow.
        m_delayH += veh * hours - veh * speed * hours / std::max(1.0, k.speedKmh);
        if (speed < kStopSpeedKmh)
            m_stops += r.values[1] * hours;
    }
    m_delayH += entryQueueVeh * hours;
}

} // namespace cityops::core
