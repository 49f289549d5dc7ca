#include "predict/incidentevaluation.h"
#include "predict/speedgraph.h"

#include "model/citymodel.h"
#include "sim/citysimulator.h"
#include "sim/demooptions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace cityops::core {

namespace {
constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
} // namespace

IncidentRun simulateIncidentRun(std::shared_ptr<const Scenario> scenario, const IncidentEvalOptions &opt)
{
    const auto wallStart = std::chrono::steady_clock::now();
    if (!scenario || scenario->links.empty())
        throw std::invalid_argument("incident evaluation: the scenario has no links");
    if (opt.incidents < 0 || !(opt.evalHours > 0) || opt.learnDays < 1 || opt.warmupHours < 0.5 ||
        opt.minDurationMin < 1 || opt.maxDurationMin < opt.minDurationMin || opt.evalStartHour < 0 ||
        opt.evalStartHour + opt.evalHours > 24)
        throw std::invalid_argument("incident evaluation: bad options");
    constexpr std::int64_t kDayNs = 24 * 3600 * 1'000'000'000LL;
    const auto minutesNs = [](double hours) { return static_cast<std::int64_t>(std::llround(hours * 60)) * kMinuteNs; };
    const std::size_t n = scenario->links.size();
    IncidentRun run;
    run.links = n;
    run.downstream = scenarioDownstreamLinks(*scenario);
    std::unordered_map<std::uint32_t, std::uint32_t> entityLink;
    for (std::size_t l = 0; l < n; ++l)
        entityLink[scenario->links[l].entity] = static_cast<std::uint32_t>(l);

    // Day d (0 .. learnDays-1 clean, learnDays the evaluation day) is read from the evaluation window's start
    // minus kLead (the detector settles) to its end.
    constexpr std::int64_t kLead = 30 * kMinuteNs;
    std::vector<Reading> readings;
    for (int d = 0; d <= opt.learnDays; ++d) {
        const bool learning = d < opt.learnDays;
        const std::int64_t midnight = opt.dayStartNs + d * kDayNs;
        const std::int64_t evalStart = midnight + minutesNs(opt.evalStartHour);
        const std::int64_t evalEnd = evalStart + minutesNs(opt.evalHours);
        const std::int64_t readFrom = evalStart - kLead;
        const std::int64_t simStart = readFrom - minutesNs(opt.warmupHours);
        const std::uint64_t seed = learning ? opt.seed * 1000 + 17 + static_cast<std::uint64_t>(d) : opt.seed;
        CitySimulator sim(scenario, demoSimulatorOptions(simStart, RainScenario::None, 1.0, seed));
        if (!learning) {
            run.evalStartNs = evalStart;
            run.evalEndNs = evalEnd;
            // Incidents: distinct simulated links, whole-minute starts inside the window, time left to clear.
            std::mt19937_64 rng(opt.seed * 0x9E3779B97F4A7C15ULL + 7);
            std::vector<std::uint32_t> candidates;
            for (std::size_t l = 0; l < n; ++l)
                if (sim.ctmLink(l) != kNoIndex)
                    candidates.push_back(static_cast<std::uint32_t>(l));
            std::shuffle(candidates.begin(), candidates.end(), rng);
            const std::int64_t latestStart = evalEnd - (opt.maxDurationMin + opt.clearanceMinutes) * kMinuteNs;
            const std::int64_t earliestStart = evalStart + 10 * kMinuteNs;
            if (latestStart <= earliestStart)
                throw std::invalid_argument("incident evaluation: the window is too short for the incident durations");
            const CityModel &city = *scenario->city;
            for (int k = 0; k < opt.incidents && k < static_cast<int>(candidates.size()); ++k) {
                IncidentOutcome o;
                o.link = candidates[static_cast<std::size_t>(k)];
                o.linkId = city.entity(scenario->links[o.link].entity).id;
                o.lanes = sim.traffic().network().link(sim.ctmLink(o.link)).lanes;
                o.lanesBlocked = opt.fullClosure ? o.lanes : std::max(1, o.lanes - 1);
                const auto startChoices = (latestStart - earliestStart) / kMinuteNs;
                o.startNs = earliestStart + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(startChoices)) * kMinuteNs;
                o.durationNs = (opt.minDurationMin + static_cast<int>(rng() % static_cast<std::uint64_t>(
                                                                          opt.maxDurationMin - opt.minDurationMin + 1))) *
                               kMinuteNs;
                ScheduledIncident inc;
                inc.link = o.link;
                inc.startNs = o.startNs;
                inc.durationNs = o.durationNs;
                inc.lanesBlocked = o.lanesBlocked;
                inc.position = 0.5;
                sim.schedule(inc);
                run.incidents.push_back(o);
            }
        }
        readings.clear();
        sim.advanceTo(readFrom, readings); // warm-up, not read
        for (std::int64_t t = readFrom; t < evalEnd; t += kMinuteNs) {
            readings.clear();
            sim.advanceTo(t + kMinuteNs, readings);
            const std::size_t m = run.minuteNs.size();
            run.minuteNs.push_back(t);
            run.secondsOfDay.push_back(sim.localHour(t) * 3600.0);
            run.learning.push_back(learning ? 1 : 0);
            run.speed.resize((m + 1) * n, std::numeric_limits<float>::quiet_NaN());
            run.occupancy.resize((m + 1) * n, std::numeric_limits<float>::quiet_NaN());
            for (const Reading &r : readings) {
                if (r.measurement != Measurement::Traffic || !r.has(0) || !r.has(2))
                    continue;
                auto it = entityLink.find(r.entity);
                if (it == entityLink.end())
                    continue;
                run.speed[m * n + it->second] = static_cast<float>(r.values[0]);
                run.occupancy[m * n + it->second] = static_cast<float>(r.values[2]);
            }
        }
    }
    if (opt.counterfactual && !run.incidents.empty()) {
        // The same day and seed without incidents: how much did each incident change its link's readings?
        const std::int64_t readFrom = run.evalStartNs - kLead;
        CitySimulator sim(scenario, demoSimulatorOptions(readFrom - minutesNs(opt.warmupHours), RainScenario::None,
                                                         1.0, opt.seed));
        readings.clear();
        sim.advanceTo(readFrom, readings);
        const std::size_t firstEvalMinute = run.minuteNs.size() - static_cast<std::size_t>((run.evalEndNs - readFrom) / kMinuteNs);
        std::vector<std::vector<float>> drop(run.incidents.size()), rise(run.incidents.size());
        for (std::int64_t t = readFrom; t < run.evalEndNs; t += kMinuteNs) {
            readings.clear();
            sim.advanceTo(t + kMinuteNs, readings);
            const std::size_t m = firstEvalMinute + static_cast<std::size_t>((t - readFrom) / kMinuteNs);
            for (const Reading &r : readings) {
                if (r.measurement != Measurement::Traffic || !r.has(0) || !r.has(2))
                    continue;
                auto it = entityLink.find(r.entity);
                if (it == entityLink.end())
                    continue;
                for (std::size_t k = 0; k < run.incidents.size(); ++k) {
                    const IncidentOutcome &o = run.incidents[k];
                    if (o.link != it->second || t < o.startNs || t >= o.startNs + o.durationNs)
                        continue;
                    const double s = run.speed[m * n + o.link], c = r.values[0];
                    drop[k].push_back(static_cast<float>(c > 0 ? (c - s) / c : 0.0));
                    rise[k].push_back(static_cast<float>(run.occupancy[m * n + o.link] - r.values[2]));
                }
            }
        }
        for (std::size_t k = 0; k < run.incidents.size(); ++k) {
            IncidentOutcome &o = run.incidents[k];
            o.speedDropShare = o.occupancyRise = 0;
            for (std::size_t i = 2; i < drop[k].size(); ++i) { // held for 3 minutes: the smallest of three
                o.speedDropShare = std::max<double>(o.speedDropShare, std::min({drop[k][i], drop[k][i - 1], drop[k][i - 2]}));
                o.occupancyRise = std::max<double>(o.occupancyRise, std::min({rise[k][i], rise[k][i - 1], rise[k][i - 2]}));
            }
            o.measurable = o.speedDropShare >= 0.2 || o.occupancyRise >= 0.05;
        }
    }
    run.simSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return run;
}

IncidentEvalResult scoreIncidentRun(const IncidentRun &run, const IncidentEvalOptions &opt)
{
    const auto wallStart = std::chrono::steady_clock::now();
    const std::size_t n = run.links;
    std::vector<std::vector<std::uint32_t>> up(n);
    for (std::size_t l = 0; l < n; ++l)
        for (std::uint32_t d : run.downstream[l])
            up[d].push_back(static_cast<std::uint32_t>(l));
    IncidentEvalResult result;
    result.links = n;
    result.incidents = run.incidents;

    IncidentDetector detector(n, run.downstream, opt.detector);
    std::vector<double> speed(n), occ(n);
    std::vector<IncidentEvent> events, raised;
    bool learned = false;
    for (std::size_t m = 0; m < run.minuteNs.size(); ++m) {
        const std::int64_t t = run.minuteNs[m];
        for (std::size_t l = 0; l < n; ++l) {
            speed[l] = run.speed[m * n + l];
            occ[l] = run.occupancy[m * n + l];
        }
        if (run.learning[m]) {
            detector.learn(run.secondsOfDay[m], speed, occ);
            continue;
        }
        if (!learned) {
            detector.finishLearning();
            learned = true;
        }
        events.clear();
        detector.observe(t + kMinuteNs, run.secondsOfDay[m], speed, occ, events);
        for (const IncidentEvent &e : events)
            if (e.kind == IncidentEvent::Kind::Raised && e.timeNs > run.evalStartNs)
                raised.push_back(e);
    }

    // Ground truth matching.
    auto within = [&](std::uint32_t from, std::uint32_t target, int hops) { // target at most `hops` upstream of from?
        std::set<std::uint32_t> frontier{from}, seen{from};
        for (int h = 0; h < hops; ++h) {
            std::set<std::uint32_t> next;
            for (std::uint32_t l : frontier)
                for (std::uint32_t u : up[l])
                    if (seen.insert(u).second)
                        next.insert(u);
            frontier.swap(next);
        }
        return seen.count(target) != 0;
    };
    double ttdSum = 0;
    for (IncidentOutcome &o : result.incidents) {
        const auto m = std::lower_bound(run.minuteNs.begin(), run.minuteNs.end(), o.startNs) - run.minuteNs.begin();
        o.expectedOccupancyAtStart = detector.expectedOccupancy(o.link, run.secondsOfDay[static_cast<std::size_t>(m)]);
        for (const IncidentEvent &e : raised) {
            if (e.timeNs < o.startNs || e.timeNs > o.startNs + o.durationNs)
                continue;
            if (e.link != o.link && !within(o.link, e.link, 1))
                continue;
            const double ttd = static_cast<double>(e.timeNs - o.startNs) / 1e9;
            if (!o.detected || ttd < o.timeToDetectS) {
                o.detected = true;
                o.timeToDetectS = ttd;
                o.detectedOnLink = e.link == o.link;
            }
        }
        if (o.detected) {
            ++result.detected;
            ttdSum += o.timeToDetectS;
        }
        result.measurable += o.measurable;
        result.detectedMeasurable += o.measurable && o.detected;
    }
    for (const IncidentEvent &e : raised) {
        bool related = false;
        for (const IncidentOutcome &o : result.incidents)
            if (e.timeNs >= o.startNs && e.timeNs <= o.startNs + o.durationNs + opt.clearanceMinutes * kMinuteNs &&
                within(o.link, e.link, opt.relatedHops)) {
                related = true;
                break;
            }
        ++result.alarms;
        if (related)
            ++result.relatedAlarms;
        else
            ++result.falseAlarms;
    }
    result.detectorHours = static_cast<double>(n) * static_cast<double>(run.evalEndNs - run.evalStartNs) / 3.6e12;
    result.detectionRate = result.incidents.empty() ? 0.0
                                                    : static_cast<double>(result.detected) /
                                                          static_cast<double>(result.incidents.size());
    result.falseAlarmsPer100DetectorHours = 100.0 * static_cast<double>(result.falseAlarms) / result.detectorHours;
    result.meanTimeToDetectS = result.detected ? ttdSum / static_cast<double>(result.detected) : 0.0;
    result.wallSeconds = run.simSeconds +
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return result;
}

IncidentEvalResult evaluateIncidents(std::shared_ptr<const Scenario> scenario, const IncidentEvalOptions &opt)
{
    return scoreIncidentRun(simulateIncidentRun(std::move(scenario), opt), opt);
}

} // namespace cityops::core
