// eval signals --scenario: the demo city's traffic (CTM simulator, core/sim) through a peak, once under the
// scenario's fixed-time plans and once under adaptive control (core/optimize), same seed and demand.
// bench signals: one adaptive decision for every signal of the city, next to one fixed-time decision each.
#include "eval_signals_city.h"

#include "optimize/adaptivecontroller.h"
#include "sim/ctm.h"
#include "sim/demand.h"
#include "sim/demooptions.h"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "citysource.h"

namespace cityops::cli {

namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
constexpr std::int64_t kS = 1'000'000'000LL;
// 2021-07-19 00:00 +08:00, as the simulation benchmark: a weekday in the scenario's local time.
constexpr std::int64_t kMidnight = 1626624000LL * kS;

struct Period {
    double fromH, toH;   ///< measured, local hours
    double warmUpH;      ///< simulated before, not measured
};

Period parsePeriod(const std::string &name)
{
    if (name == "evening-peak")
        return {17, 19, 2};
    if (name == "morning-peak")
        return {7, 9, 2};
    if (name == "midday")
        return {11, 13, 2};
    throw UsageError("--period must be evening-peak, morning-peak or midday (got '" + name + "')");
}

struct Outcome {
    double speedKmh = 0, delayVehH = 0, vehKm = 0, vehH = 0, exited = 0, entryQueueEnd = 0, wallS = 0;
};

Outcome runCity(const std::shared_ptr<const core::CtmNetwork> &net, std::uint64_t seed, const Period &period, bool adaptive,
                const core::CityOpsTuning &tuning = {})
{
    const auto t0 = Clock::now();
    const core::SimulatorOptions opts = core::demoSimulatorOptions(kMidnight, core::RainScenario::None, 1.0, seed);
    core::DemandConfig demand = opts.demand;
    demand.utcOffsetS = opts.utcOffsetS;
    const std::int64_t start = kMidnight + static_cast<std::int64_t>((period.fromH - period.warmUpH) * 3600) * kS;
    core::CtmSimulator sim(net, core::DemandModel(net, demand), opts.traffic, seed, start);
    if (adaptive)
        sim.setController(std::make_unique<core::AdaptiveSignalController>(*net, true, tuning));
    const std::int64_t from = kMidnight + static_cast<std::int64_t>(period.fromH * 3600) * kS;
    const std::int64_t to = kMidnight + static_cast<std::int64_t>(period.toH * 3600) * kS;
    sim.advanceTo(from);
    core::TrafficKpiMeter kpi(*net, opts.traffic.jamDensityPerLaneKm);
    const double exitedBefore = sim.account().exited;
    std::vector<core::Reading> readings;
    const std::int64_t interval = static_cast<std::int64_t>(opts.traffic.readingIntervalS * 1e9);
    for (std::int64_t t = from; t < to;) {
        t += interval;
        readings.clear();
        sim.advanceTo(t, &readings);
        kpi.add(readings, opts.traffic.readingIntervalS, sim.account().inQueues);
    }
    Outcome o;
    o.speedKmh = kpi.averageSpeedKmh();
    o.delayVehH = kpi.delayVehH();
    o.vehKm = kpi.vehicleKm();
    o.vehH = kpi.vehicleHours();
    o.exited = sim.account().exited - exitedBefore;
    o.entryQueueEnd = sim.account().inQueues;
    o.wallS = std::chrono::duration<double>(Clock::now() - t0).count();
    return o;
}

json::object toJson(const Outcome &o)
{
    return {{"avg_speed_kmh", o.speedKmh}, {"delay_veh_h", o.delayVehH}, {"vehicle_km", o.vehKm},
            {"vehicle_h", o.vehH},       {"vehicles_exited", o.exited}, {"waiting_to_enter_at_end", o.entryQueueEnd},
            {"wall_s", o.wallS}};
}

} // namespace

int evalCitySignals(const Args &args)
{
    std::string error;
    auto scenario = loadScenarioArg(args, error);
    if (!scenario)
        throw std::runtime_error(error);
    const Period period = parsePeriod(args.value("period", "evening-peak"));
    const auto seed = static_cast<std::uint64_t>(args.integer("seed", 1));
    const auto net = core::CtmNetwork::fromScenario(*scenario);
    core::CityOpsTuning tuning;
    tuning.waveLeadS = args.number("wave-lead", tuning.waveLeadS);
    if (!(tuning.waveLeadS >= 0 && tuning.waveLeadS <= 120))
        throw UsageError("--wave-lead must be 0..120 seconds (0: no green wave)");
    const Outcome fixed = runCity(net, seed, period, false);
    const Outcome adaptive = runCity(net, seed, period, true, tuning);
    const double gain = fixed.speedKmh > 0 ? 100.0 * (adaptive.speedKmh / fixed.speedKmh - 1.0) : 0;
    const double delayCut = fixed.delayVehH > 0 ? 100.0 * (1.0 - adaptive.delayVehH / fixed.delayVehH) : 0;
    if (args.has("json")) {
        json::object out;
        out["scenario"] = scenario->name;
        out["period"] = args.value("period", "evening-peak");
        out["measured_local_hours"] = json::array{period.fromH, period.toH};
        out["warm_up_h"] = period.warmUpH;
        out["seed"] = seed;
        out["signals"] = net->signalCount();
        out["wave_lead_s"] = tuning.waveLeadS;
        out["wave_links"] = core::arterialLinks(*net).size();
        out["fixed"] = toJson(fixed);
        out["adaptive"] = toJson(adaptive);
        out["gain_pct"] = gain;
        out["delay_reduction_pct"] = delayCut;
        out["avg_speed_definition"] = "vehicle-weighted over links and minutes: sum(veh*speed)/sum(veh) = VKT/VHT "
                                      "of the vehicles on the network; vehicles waiting to enter count in delay only";
        std::cout << json::serialize(out) << "\n";
    } else {
        std::printf("%s, %s (local %.0f:00-%.0f:00 after %.0f h warm-up), seed %llu, %zu signals\n",
                    scenario->name.c_str(), args.value("period", "evening-peak").c_str(), period.fromH, period.toH,
                    period.warmUpH, static_cast<unsigned long long>(seed), net->signalCount());
        std::printf("  %-10s %14s %12s %14s %16s\n", "control", "avg speed km/h", "delay veh-h", "vehicles out",
                    "waiting at end");
        std::printf("  %-10s %14.2f %12.0f %14.0f %16.0f\n", "fixed", fixed.speedKmh, fixed.delayVehH, fixed.exited,
                    fixed.entryQueueEnd);
        std::printf("  %-10s %14.2f %12.0f %14.0f %16.0f\n", "adaptive", adaptive.speedKmh, adaptive.delayVehH,
                    adaptive.exited, adaptive.entryQueueEnd);
        std::printf("  average speed gain: %+.1f %%   delay reduction: %.1f %%\n", gain, delayCut);
        std::printf("  (average speed = vehicle-weighted over links: VKT / VHT of the vehicles on the network)\n");
    }
    return 0;
}

int benchCitySignals(const Args &args)
{
    std::string error;
    std::shared_ptr<const core::Scenario> scenario;
    if (args.has("scenario")) {
        scenario = loadScenarioArg(args, error);
    } else {
        const char *argv[] = {"cityops-cli", "bench", "signals", "--scenario", CITYOPS_SIGNALS_DEMO_SCENARIO};
        scenario = loadScenarioArg(Args(5, const_cast<char **>(argv), 3, {"scenario"}, {}), error);
    }
    if (!scenario)
        throw std::runtime_error(error);
    const auto net = core::CtmNetwork::fromScenario(*scenario);
    const core::SimulatorOptions opts = core::demoSimulatorOptions(kMidnight, core::RainScenario::None, 1.0, 1);
    core::DemandConfig demand = opts.demand;
    demand.utcOffsetS = opts.utcOffsetS;
    // The state to decide on: the evening peak, 17:30, after 90 minutes under adaptive control.
    core::CtmSimulator sim(net, core::DemandModel(net, demand), opts.traffic, 1, kMidnight + 16 * 3600 * kS);
    auto owned = std::make_unique<core::AdaptiveSignalController>(*net, true);
    core::AdaptiveSignalController *adaptive = owned.get();
    sim.setController(std::move(owned));
    sim.advanceTo(kMidnight + 17 * 3600 * kS + 1800 * kS);
    core::FixedTimeController fixed(net->signals());

    const long long repeat = std::max<long long>(1, args.integer("repeat", 200));
    std::vector<int> decisions;
    std::vector<double> adaptiveMs, fixedMs;
    int switched = 0;
    volatile int sink = 0;
    for (long long r = 0; r < repeat; ++r) {
        auto a = Clock::now();
        switched = adaptive->decideAll(sim, decisions);
        auto b = Clock::now();
        int f = 0;
        for (std::uint32_t s = 0; s < net->signalCount(); ++s) {
            core::SignalNodeState st;
            st.signal = s;
            st.phase = sim.signalPhase(s);
            st.phaseCount = static_cast<int>(net->signal(s).phases.size());
            st.greenElapsedS = sim.signalGreenElapsedS(s);
            st.plan = &net->signal(s);
            st.sim = &sim;
            f += fixed.decide(st).nextPhase;
        }
        auto c = Clock::now();
        sink = sink + f;
        adaptiveMs.push_back(std::chrono::duration<double, std::milli>(b - a).count());
        fixedMs.push_back(std::chrono::duration<double, std::milli>(c - b).count());
    }
    auto med = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    auto worst = [](const std::vector<double> &v) { return *std::max_element(v.begin(), v.end()); };
    // One whole simulator step (2 s of traffic, every link and signal) as a second reference.
    const auto s0 = Clock::now();
    sim.advanceTo(sim.timeNs() + 60 * kS);
    const double stepMs = std::chrono::duration<double, std::milli>(Clock::now() - s0).count()
        / (60.0 / opts.traffic.dtS);
    json::object out;
    out["benchmark"] = "signals";
    out["scenario"] = scenario->name;
    out["signals"] = net->signalCount();
    out["repeat"] = repeat;
    out["adaptive_decision_step_ms"] = json::object{{"median", med(adaptiveMs)}, {"max", worst(adaptiveMs)}};
    out["baseline_fixed_time_step_ms"] = json::object{{"median", med(fixedMs)}, {"max", worst(fixedMs)}};
    out["ctm_simulation_step_ms"] = stepMs;
    out["switch_decisions"] = switched;
    out["limit_ms"] = 10;
    if (args.has("json")) {
        std::cout << json::serialize(out) << "\n";
    } else {
        std::printf("one decision for each of %zu signals: adaptive %.3f ms (max %.3f), fixed-time %.3f ms; "
                    "one CTM step %.2f ms; limit 10 ms\n",
                    net->signalCount(), med(adaptiveMs), worst(adaptiveMs), med(fixedMs), stepMs);
    }
    return 0;
}

} // namespace cityops::cli
