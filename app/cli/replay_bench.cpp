// cityops-cli bench replay: a 24 h demo-city recording (recorded once, then reused) replayed through the
// engine. Figures, each next to its baseline from the same run:
// - bytes per reading of the file (readings, events, state hashes and snapshots included);
// - seek latency, p50 and max over random targets: restore the nearest snapshot, refill the rolling
//   windows, replay the readings up to the target; baseline: a full scan, i.e. replaying from the start
//   to the same target (timed in one pass over the whole recording);
// - replay speed, unpaced (engine seconds per wall second over the full scan), and paced at 3600x on a
//   running engine's clock: the achieved rate and how far the replay lagged the clock.
#include "args.h"
#include "citysource.h"
#include "commands.h"
#include "replay_record.h"

#include "engine/engine.h"
#include "replay/recording.h"
#include "replay/replaycontroller.h"
#include "sim/rainfall.h"

#include <utility>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include <sys/resource.h>

namespace cityops::cli {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using WallClock = std::chrono::steady_clock;
constexpr std::int64_t kMinuteNs = 60'000'000'000LL;

double msBetween(WallClock::time_point a, WallClock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

} // namespace

int runBenchReplay(int argc, char **argv)
{
    const Args args(argc, argv, 3, {"scenario", "hours", "seed", "rain", "rain-peak-in", "recording", "seeks", "paced-s", "incident"},
                    {"json", "help", "rerecord"});
    if (args.has("help")) {
        std::puts("cityops-cli bench replay [--scenario DIR] [--hours 24] [--seed 1] [--recording FILE] [--rerecord]\n"
                  "  [--seeks 50] [--paced-s 10] [--json]\n"
                  "Records the demo city for HOURS (extreme rain peaking at 17:00, an incident at 08:00) once and\n"
                  "reuses the file; reports bytes per reading, seek latency (p50, max) against a full scan from the\n"
                  "start, and replay speed (unpaced, and paced at 3600x).");
        return 0;
    }
    const auto benchStart = WallClock::now();
    const double hours = args.number("hours", 24.0);
    if (!(hours >= 1.0 && hours <= 24.0 * 7))
        throw UsageError("--hours must be between 1 and 168");
    const auto seeks = static_cast<int>(args.integer("seeks", 50));
    if (seeks < 1 || seeks > 10000)
        throw UsageError("--seeks must be between 1 and 10000");
    const double pacedS = args.number("paced-s", 10.0);
    const std::uint64_t seed = static_cast<std::uint64_t>(args.integer("seed", 1));
    const std::string path = args.has("recording")
        ? args.value("recording")
        : (fs::temp_directory_path() / ("cityops-bench-replay-" + std::to_string(static_cast<int>(hours)) + "h-seed" +
                                        std::to_string(seed) + ".cityops")).string();
    const std::int64_t durationNs = static_cast<std::int64_t>(hours * 3600.0) * 1'000'000'000LL;
    const std::int64_t start = 1626710400LL * 1'000'000'000LL; // 2021-07-20 00:00 Asia/Shanghai

    // Reuse a recording that opens and covers the span; otherwise record it now.
    json::object recorded;
    bool reused = false;
    {
        std::string error;
        std::error_code ec;
        if (!args.has("rerecord") && fs::exists(path, ec)) {
            auto rec = core::Recording::open(path, error);
            reused = rec && rec->endNs() - rec->startNs() >= durationNs && !rec->marks().empty();
        }
        if (!reused) {
            fs::remove(path, ec);
            fs::remove(path + "-wal", ec);
            fs::remove(path + "-shm", ec);
            RecordSpec spec;
            spec.scenarioDir = args.value("scenario", CITYOPS_DEMO_SCENARIO);
            char *fakeArgv[] = {argv[0], argv[1], argv[2], const_cast<char *>("--scenario"), spec.scenarioDir.data()};
            const Args scenarioArgs(5, fakeArgv, 3, {"scenario"}, {});
            spec.scenario = loadScenarioArg(scenarioArgs, error);
            if (!spec.scenario) {
                std::fprintf(stderr, "cityops-cli bench replay: %s\n", error.c_str());
                return 1;
            }
            spec.startNs = start;
            spec.durationNs = durationNs;
            spec.out = path;
            spec.options = simulatorOptions(args, start);
            if (!args.has("rain")) {
                spec.options.hydrology.scenario = core::RainScenario::Extreme;
                // The storm's peak hour 17:00-18:00, as in bench sim.
                spec.options.hydrology.eventStartNs = start - 3LL * 3600 * 1'000'000'000;
            }
            spec.rainName = std::string(core::rainScenarioName(spec.options.hydrology.scenario));
            spec.incidents = parseIncidents(args.value("incident", "L00017@8h+45m:2"));
            if (!args.has("json"))
                std::fprintf(stderr, "recording %.0f h of the demo city to %s (once; later runs reuse it)...\n", hours,
                             path.c_str());
            if (!recordRun(spec, recorded, error)) {
                std::fprintf(stderr, "cityops-cli bench replay: %s\n", error.c_str());
                return 1;
            }
        }
    }

    std::string error;
    auto replay = core::ReplayController::openOffline(path, {}, error);
    if (!replay) {
        std::fprintf(stderr, "cityops-cli bench replay: %s\n", error.c_str());
        return 1;
    }
    core::Recording &rec = replay->recording();
    const auto &info = rec.info();
    const std::int64_t begin = replay->startNs(), end = replay->endNs();

    // Baseline: one full scan from the start, timing when each grid time is reached.
    std::map<std::int64_t, double> reachedMs;
    std::map<std::int64_t, std::uint64_t> hashes;
    const auto scan0 = WallClock::now();
    replay->engine().setStateObserver([&](const core::StateRecord &r) {
        reachedMs[r.timeNs] = msBetween(scan0, WallClock::now());
        hashes[r.timeNs] = r.hash;
    });
    replay->runTo(end);
    const double scanS = msBetween(scan0, WallClock::now()) / 1e3;
    replay->engine().setStateObserver(nullptr);
    if (!replay->sourceError().empty()) {
        std::fprintf(stderr, "cityops-cli bench replay: %s\n", replay->sourceError().c_str());
        return 1;
    }
    std::uint64_t scanMismatches = 0;
    for (const auto &m : rec.marks())
        if (m.timeNs > begin && (!hashes.count(m.timeNs) || hashes[m.timeNs] != m.hash))
            ++scanMismatches;

    // Random seeks: anywhere in the recording (whole seconds), each checked against the recorded hash of
    // the grid time at or before it.
    // A grid time's recorded hash is taken before the operator actions of that time; a seek lands after
    // them, so the check skips the minutes where somebody acted.
    std::vector<std::int64_t> acted;
    for (const auto &e : rec.events(begin, end))
        if (e.actor != "engine")
            acted.push_back(e.timeNs);
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::int64_t> pick(0, (end - begin) / 1'000'000'000LL);
    std::vector<double> seekMs, restoreMs, windowMs, replayMs, scanToMs, ratios;
    int hashChecked = 0, hashMatched = 0;
    for (int k = 0; k < seeks; ++k) {
        const std::int64_t target = begin + pick(rng) * 1'000'000'000LL;
        const auto t0 = WallClock::now();
        const auto snapshot = replay->seek(target, &error);
        const double ms = msBetween(t0, WallClock::now());
        if (!snapshot) {
            std::fprintf(stderr, "cityops-cli bench replay: seek failed: %s\n", error.c_str());
            return 1;
        }
        seekMs.push_back(ms);
        restoreMs.push_back(replay->lastSeek().restoreMs);
        windowMs.push_back(replay->lastSeek().windowMs);
        replayMs.push_back(replay->lastSeek().replayMs);
        const std::int64_t grid = target - (target - begin) % info.alarmIntervalNs;
        const auto reached = reachedMs.lower_bound(grid);
        const double full = reached == reachedMs.end() ? scanS * 1e3 : reached->second;
        scanToMs.push_back(full);
        ratios.push_back(full / std::max(ms, 1e-3));
        if (const auto recordedHash = rec.hashAt(grid);
            recordedHash && grid > begin && !std::binary_search(acted.begin(), acted.end(), grid)) {
            ++hashChecked;
            hashMatched += replay->engine().stateHash() == *recordedHash ? 1 : 0;
        }
    }

    // Preview seeks (what a timeline shows while dragging): the same targets without refilling the rolling
    // windows, which only the models read.
    std::vector<double> previewMs;
    {
        core::ReplayOptions preview;
        preview.windowLookbackNs = 0;
        auto quick = core::ReplayController::openOffline(path, preview, error);
        if (!quick) {
            std::fprintf(stderr, "cityops-cli bench replay: %s\n", error.c_str());
            return 1;
        }
        std::mt19937_64 again(42);
        for (int k = 0; k < seeks; ++k) {
            const std::int64_t target = begin + pick(again) * 1'000'000'000LL;
            const auto t0 = WallClock::now();
            if (!quick->seek(target, &error)) {
                std::fprintf(stderr, "cityops-cli bench replay: seek failed: %s\n", error.c_str());
                return 1;
            }
            previewMs.push_back(msBetween(t0, WallClock::now()));
        }
    }

    // Paced: a running engine on the replay clock at 3600x, from 12:00 (through the storm).
    json::object paced;
    {
        core::Engine engine(rec.model(), std::make_shared<core::Clock>(begin, 0.0), core::replayEngineConfig());
        if (!engine.start(error)) {
            std::fprintf(stderr, "cityops-cli bench replay: %s\n", error.c_str());
            return 1;
        }
        auto live = core::ReplayController::attach(engine, path, {}, error);
        if (!live) {
            std::fprintf(stderr, "cityops-cli bench replay: %s\n", error.c_str());
            return 1;
        }
        const std::int64_t from = std::min(end, begin + (end - begin) / 2);
        live->seek(from);
        const double rate = 3600.0;
        const auto wall0 = WallClock::now();
        live->setRate(rate);
        double maxLagS = 0.0, elapsed = 0.0;
        std::int64_t reached = from;
        while (elapsed < pacedS) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            elapsed = msBetween(wall0, WallClock::now()) / 1e3;
            const std::int64_t clockNs = engine.clock().nowNs();
            reached = live->timeNs();
            if (reached >= end)
                break;
            // How far the replay is behind where 3600x from the start would put it.
            const double expected = static_cast<double>(from) + elapsed * rate * 1e9;
            maxLagS = std::max(maxLagS, (expected - static_cast<double>(reached)) / 1e9);
            if (std::getenv("CITYOPS_BENCH_TRACE"))
                std::fprintf(stderr, "paced %.2f s: replay +%.0f s, clock +%.0f s\n", elapsed,
                             static_cast<double>(reached - from) / 1e9, static_cast<double>(clockNs - from) / 1e9);
        }
        live->pause();
        const double achieved = static_cast<double>(reached - from) / 1e9 / elapsed;
        paced["rate"] = rate;
        paced["wall_s"] = elapsed;
        paced["engine_s"] = static_cast<double>(reached - from) / 1e9;
        paced["achieved_speed"] = achieved;
        paced["max_lag_engine_s"] = maxLagS;
        // The engine advances the source every 100 ms of wall time: at 3600x a turn is 6 engine minutes,
        // so a replay that keeps up lags by about one turn; falling behind means a growing lag.
        paced["max_lag_wall_ms"] = maxLagS / rate * 1e3;
        paced["kept_up"] = maxLagS / rate < 0.5 && achieved >= 0.95 * rate;
        live.reset();
        engine.stop();
    }

    const double p50 = percentile(seekMs, 0.5), pmax = *std::max_element(seekMs.begin(), seekMs.end());
    const double scanP50 = percentile(scanToMs, 0.5);
    json::object out;
    out["benchmark"] = "replay";
    out["recording"] = path;
    out["reused_recording"] = reused;
    if (!reused)
        out["record"] = recorded;
    out["hours"] = static_cast<double>(end - begin) / 3.6e12;
    out["readings"] = info.readings;
    out["bytes"] = info.bytes;
    out["bytes_per_reading"] = info.readings ? static_cast<double>(info.bytes) / static_cast<double>(info.readings) : 0.0;
    out["seeks"] = seeks;
    out["seek_ms_p50"] = p50;
    out["seek_ms_max"] = pmax;
    out["seek_preview_ms_p50"] = percentile(previewMs, 0.5);
    out["seek_preview_ms_max"] = *std::max_element(previewMs.begin(), previewMs.end());
    {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
        // On a shared machine this process gets only part of a core: the share puts the times in context.
        out["cpu_s"] = cpu;
        out["wall_s"] = msBetween(benchStart, WallClock::now()) / 1e3;
    }
    out["seek_restore_ms_p50"] = percentile(restoreMs, 0.5);
    out["seek_windows_ms_p50"] = percentile(windowMs, 0.5);
    out["seek_replay_ms_p50"] = percentile(replayMs, 0.5);
    out["seek_hash_checked"] = hashChecked;
    out["seek_hash_matched"] = hashMatched;
    out["baseline"] = {{"name", "full scan: replay from the start to the same targets (one timed pass)"},
                       {"seek_ms_p50", scanP50},
                       {"seek_ms_max", *std::max_element(scanToMs.begin(), scanToMs.end())},
                       {"full_scan_s", scanS},
                       {"hash_mismatches", scanMismatches}};
    out["seek_ratio_to_full_scan_p50"] = scanP50 / std::max(p50, 1e-3);
    out["seek_speedup_per_seek_p50"] = percentile(ratios, 0.5);
    out["replay_speed"] = static_cast<double>(end - begin) / 1e9 / scanS;
    out["paced_3600x"] = paced;
    out["target_seek_ms_p50"] = 150.0;
    if (args.has("json")) {
        std::puts(json::serialize(out).c_str());
    } else {
        std::printf("replay of %.0f h of the demo city (%s): %llu readings, %.1f bytes per reading\n",
                    out["hours"].as_double(), path.c_str(), static_cast<unsigned long long>(info.readings),
                    out["bytes_per_reading"].as_double());
        std::printf("seek (%d random): p50 %.1f ms, max %.1f ms (restore %.1f + windows %.1f + replay %.1f ms at p50); "
                    "state hash matched %d/%d\n", seeks, p50, pmax, percentile(restoreMs, 0.5), percentile(windowMs, 0.5),
                    percentile(replayMs, 0.5), hashMatched, hashChecked);
        std::printf("preview seek (windows not refilled): p50 %.1f ms, max %.1f ms\n", percentile(previewMs, 0.5),
                    *std::max_element(previewMs.begin(), previewMs.end()));
        std::printf("baseline full scan to the same targets: p50 %.0f ms; ratio %.0fx\n", scanP50,
                    out["seek_ratio_to_full_scan_p50"].as_double());
        std::printf("replay speed: %.0fx real time unpaced; paced at 3600x: %.0fx achieved, max lag %.0f engine s (%s)\n",
                    out["replay_speed"].as_double(), paced["achieved_speed"].as_double(),
                    paced["max_lag_engine_s"].as_double(), paced["kept_up"].as_bool() ? "kept up" : "FELL BEHIND");
    }
    return 0;
}

} // namespace cityops::cli
