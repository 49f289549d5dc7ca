// cityops-cli bench forecast: the speed forecaster on the demo city. The simulator records a few hours of
// per-minute link speeds; the forecaster trains on them, then follows the city minute by minute: each
// update appends the new minute (incremental statistics) and forecasts every link at +15, +30 and +60 min
// with its band. The baseline, timed in the same run, is the cheapest forecast there is: copying each
// link's last value and looking up its historical average for every horizon.
#include "args.h"
#include "citysource.h"
#include "commands.h"

#include "model/citymodel.h"
#include "model/scenarioloader.h"
#include "predict/speedforecaster.h"
#include "predict/speedgraph.h"
#include "sim/citysimulator.h"
#include "sim/demooptions.h"

#include <utility>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <limits>
#include <unordered_map>

namespace cityops::cli {

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// CPU time of this thread: what an update costs when the machine is not shared (others' load inflates wall time).
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(std::min<double>(static_cast<double>(v.size() - 1), q * static_cast<double>(v.size())))];
}

} // namespace

int runBenchForecast(int argc, char **argv)
{
    const Args args(argc, argv, 3, {"scenario", "history-hours", "updates", "seed"}, {"json"});
    // Default: the demo city, from the working directory (a checkout) or from the source tree.
    std::string folder = args.value("scenario");
    if (folder.empty())
        folder = std::filesystem::exists("resources/scenarios/zhengzhou/scenario.json") ? "resources/scenarios/zhengzhou"
                                                                                        : CITYOPS_DEMO_SCENARIO;
    const auto loaded = core::loadScenario(folder);
    if (!loaded.ok())
        throw UsageError("cannot load scenario '" + folder + "'" +
                         (loaded.problems.empty() ? std::string() : ": " + core::formatProblem(loaded.problems.front())));
    const std::shared_ptr<const core::Scenario> scenario = loaded.scenario;
    const double historyHours = args.number("history-hours", 6.0);
    const long long updates = args.integer("updates", 30);
    if (!(historyHours >= 2 && historyHours <= 72))
        throw UsageError("--history-hours must be between 2 and 72");
    if (updates < 1 || updates > 10000)
        throw UsageError("--updates must be between 1 and 10000");

    // History from 05:00 local, one row per minute.
    constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    const std::int64_t midnight = 1626624000LL * 1'000'000'000LL; // 2021-07-19 00:00 +08:00
    const std::int64_t start = midnight + 5 * 60 * kMinuteNs;
    core::CitySimulator sim(scenario, core::demoSimulatorOptions(start, core::RainScenario::None, 1.0,
                                                                 static_cast<std::uint64_t>(args.integer("seed", 1))));
    const std::size_t n = scenario->links.size();
    std::unordered_map<std::uint32_t, std::uint32_t> entityLink;
    for (std::size_t l = 0; l < n; ++l)
        entityLink[scenario->links[l].entity] = static_cast<std::uint32_t>(l);
    std::vector<core::Reading> readings;
    std::vector<double> row(n);
    auto nextMinute = [&](std::int64_t t) {
        readings.clear();
        sim.advanceTo(t + kMinuteNs, readings);
        std::fill(row.begin(), row.end(), std::numeric_limits<double>::quiet_NaN());
        for (const auto &r : readings)
            if (r.measurement == core::Measurement::Traffic && r.has(0))
                if (auto it = entityLink.find(r.entity); it != entityLink.end())
                    row[it->second] = r.values[0];
    };
    // Steps count minutes of local time, so step mod 1440 is the minute of the day.
    auto stepOf = [&](std::int64_t t) { return static_cast<std::int64_t>(std::llround(sim.localHour(t) * 60.0)) +
                                               (t - midnight) / (1440 * kMinuteNs) * 1440; };
    const auto historyRows = static_cast<std::size_t>(historyHours * 60);
    core::SeriesHistory history;
    history.rows = historyRows;
    history.cols = n;
    history.firstStep = stepOf(start);
    history.values.reserve(historyRows * n);
    const auto simStart = Clock::now();
    std::int64_t t = start;
    for (std::size_t r = 0; r < historyRows; ++r, t += kMinuteNs) {
        nextMinute(t);
        history.values.insert(history.values.end(), row.begin(), row.end());
    }
    const double simSeconds = ms(simStart, Clock::now()) / 1000.0;

    core::ForecasterConfig config;
    config.inputSteps = 12;
    config.horizonSteps = {15, 30, 60};
    config.stepsPerDay = 1440;
    config.haSlotSteps = 5; // 5-minute historical-average slots keep the tables small (3,370 links x 288)
    config.haSmoothSlots = 1;
    core::SpeedForecaster model(n, core::scenarioLinkGraph(*scenario), config);
    const core::TrainReport report = model.train(history);

    std::vector<core::ForecastPoint> out, base(config.horizonSteps.size() * n);
    std::vector<double> updateMs, resolveMs, baselineMs, updateCpuMs, resolveCpuMs, lastRow(history.values.end() - static_cast<std::ptrdiff_t>(n),
                                                                  history.values.end());
    for (long long u = 0; u < updates; ++u, t += kMinuteNs) {
        nextMinute(t);
        const std::int64_t step = stepOf(t);
        const double cpuA = threadCpuMs();
        const auto a = Clock::now();
        model.append(row, step);
        model.forecastLatest(out);
        const auto b = Clock::now();
        updateMs.push_back(ms(a, b));
        updateCpuMs.push_back(threadCpuMs() - cpuA);
        if (u % 5 == 4) { // the app re-solves every few minutes
            const double cpuC = threadCpuMs();
            const auto c = Clock::now();
            model.resolve();
            resolveMs.push_back(ms(c, Clock::now()));
            resolveCpuMs.push_back(threadCpuMs() - cpuC);
        }
        const auto c = Clock::now();
        for (std::size_t h = 0; h < config.horizonSteps.size(); ++h)
            for (std::size_t s = 0; s < n; ++s) {
                const double ha = model.historicalAverage(s, step + config.horizonSteps[h]);
                const double last = std::isfinite(row[s]) ? row[s] : lastRow[s];
                base[h * n + s] = {last, std::min(last, ha), std::max(last, ha)};
                lastRow[s] = last;
            }
        baselineMs.push_back(ms(c, Clock::now()));
    }
    std::size_t finite = 0;
    for (const auto &p : out)
        finite += std::isfinite(p.value) && std::isfinite(p.low) && std::isfinite(p.high) && p.low <= p.high;

    const double p50 = percentile(updateMs, 0.5), p95 = percentile(updateMs, 0.95);
    const double maxMs = *std::max_element(updateMs.begin(), updateMs.end());
    const double b50 = percentile(baselineMs, 0.5);
    const double r50 = percentile(resolveMs, 0.5), rMax = resolveMs.empty() ? 0 : *std::max_element(resolveMs.begin(), resolveMs.end());
    if (args.has("json")) {
        boost::json::object o{{"benchmark", "forecast"},
                              {"links", n},
                              {"horizons_min", boost::json::array{15, 30, 60}},
                              {"history_minutes", historyRows},
                              {"updates", updates},
                              {"train_s", report.seconds},
                              {"update_ms_p50", p50},
                              {"update_ms_p95", p95},
                              {"update_ms_max", maxMs},
                              {"update_cpu_ms_p50", percentile(updateCpuMs, 0.5)},
                              {"resolve_ms_p50", r50},
                              {"resolve_cpu_ms_p50", percentile(resolveCpuMs, 0.5)},
                              {"resolve_ms_max", rMax},
                              {"update_plus_resolve_ms_max", maxMs + rMax},
                              {"forecasts_per_update", out.size()},
                              {"finite_forecasts", finite},
                              {"baseline", boost::json::object{{"name", "copy last value + historical-average lookup, "
                                                                        "every link and horizon"},
                                                               {"ms_p50", b50}}},
                              {"ratio_to_baseline", b50 > 0 ? p50 / b50 : 0.0},
                              {"budget_ms", 100},
                              {"within_budget", p95 < 100},
                              {"simulate_history_s", simSeconds}};
        std::puts(boost::json::serialize(o).c_str());
    } else {
        std::printf("%zu links x 3 horizons, trained on %zu minutes in %.2f s\n", n, historyRows, report.seconds);
        std::printf("update (append a minute + forecast every link and horizon with band): p50 %.2f ms, p95 %.2f ms, "
                    "max %.2f ms\n", p50, p95, maxMs);
        std::printf("  thread CPU p50 %.2f ms\n", percentile(updateCpuMs, 0.5));
        std::printf("re-solve every model (every 5 updates): p50 %.2f ms, max %.2f ms, thread CPU p50 %.2f ms\n", r50,
                    rMax, percentile(resolveCpuMs, 0.5));
        std::printf("baseline (last value + historical-average lookup): p50 %.3f ms; ratio %.1f\n", b50,
                    b50 > 0 ? p50 / b50 : 0.0);
    }
    return 0;
}

} // namespace cityops::cli
