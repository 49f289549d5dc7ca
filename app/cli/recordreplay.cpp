// cityops-cli record / replay: record a simulated run of a scenario through the engine into a session
// file, and replay a session file through the same engine (--verify: compare the state hashes and alarm
// events with the recorded ones; --clip-from/--clip-to --out: cut an incident clip).
#include "args.h"
#include "citysource.h"
#include "commands.h"
#include "replay_record.h"

#include "engine/engine.h"
#include "feed/feedschema.h"
#include "replay/clip.h"
#include "replay/recording.h"
#include "replay/replaycontroller.h"
#include "replay/verify.h"
#include "sim/rainfall.h"

#include <utility>
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace cityops::cli {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
constexpr std::int64_t kMinuteNs = 60'000'000'000LL;

/// The simulator plus the incident reports an operator or the police would send: an `incident` reading
/// when a staged incident starts and one with severity 0 when it ends (the simulator itself only feels
/// it as blocked lanes).
class StagedSource : public core::ReadingSource {
public:
    StagedSource(std::shared_ptr<core::CitySimulator> sim, std::vector<std::pair<std::uint32_t, StagedIncident>> staged)
        : m_sim(std::move(sim)), m_staged(std::move(staged))
    {
    }
    void advanceTo(std::int64_t timeNs, std::vector<core::Reading> &out) override
    {
        const std::int64_t before = m_sim->timeNs();
        m_sim->advanceTo(timeNs, out);
        const std::int64_t after = m_sim->timeNs();
        bool added = false;
        for (std::size_t k = 0; k < m_staged.size(); ++k) {
            const auto &[entity, inc] = m_staged[k];
            // The simulator blocks the lanes from the first minute that starts at or after the incident's
            // start; the report comes with that minute's readings, and the all-clear likewise.
            const std::int64_t from = m_sim->incidents()[k].startNs;
            for (const auto &[at, severity] : {std::pair{reportTime(from), 2}, std::pair{reportTime(from + inc.durationNs), 0}})
                if (at > before && at <= after) {
                    out.push_back(report(entity, inc, at, severity));
                    added = true;
                }
        }
        if (added)
            std::stable_sort(out.begin(), out.end(),
                             [](const core::Reading &a, const core::Reading &b) { return a.timeNs < b.timeNs; });
    }
    std::int64_t timeNs() const override { return m_sim->timeNs(); }

private:
    static std::int64_t reportTime(std::int64_t t)
    {
        return (t + kMinuteNs - 1) / kMinuteNs * kMinuteNs + kMinuteNs;
    }
    static core::Reading report(std::uint32_t entity, const StagedIncident &inc, std::int64_t t, int severity)
    {
        core::Reading r;
        r.timeNs = t;
        r.entity = entity;
        r.measurement = core::Measurement::Incident;
        r.code = 1; // crash
        r.fieldMask = 0b11;
        r.values[0] = severity;
        r.values[1] = severity > 0 ? inc.lanesBlocked : 0;
        return r;
    }
    std::shared_ptr<core::CitySimulator> m_sim;
    std::vector<std::pair<std::uint32_t, StagedIncident>> m_staged;
};

std::string formatDuration(std::int64_t ns)
{
    const std::int64_t s = ns / 1'000'000'000LL;
    char text[32];
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return text;
}

} // namespace

std::int64_t parseDuration(const std::string &text, const std::string &option)
{
    if (text.empty())
        throw UsageError("--" + option + " needs a duration such as 2h, 90m or 45s");
    std::int64_t total = 0;
    std::size_t pos = 0;
    bool any = false;
    while (pos < text.size()) {
        std::size_t used = 0;
        double value = 0;
        try {
            value = std::stod(text.substr(pos), &used);
        } catch (...) {
            throw UsageError("--" + option + ": '" + text + "' is not a duration (2h, 90m, 45s, 1h30m)");
        }
        if (!(value >= 0) || value > 1e7)
            throw UsageError("--" + option + ": '" + text + "' is out of range");
        pos += used;
        double unit = 1.0;
        if (pos < text.size()) {
            const char u = text[pos++];
            if (u == 'h') unit = 3600.0;
            else if (u == 'm') unit = 60.0;
            else if (u == 's') unit = 1.0;
            else if (u == 'd') unit = 86400.0;
            else throw UsageError("--" + option + ": unknown unit '" + std::string(1, u) + "' in '" + text + "'");
        } else if (any) {
            throw UsageError("--" + option + ": '" + text + "' needs a unit after its last number");
        }
        total += static_cast<std::int64_t>(value * unit * 1e9);
        any = true;
    }
    return total;
}

std::vector<StagedIncident> parseIncidents(const std::string &text)
{
    std::vector<StagedIncident> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t comma = text.find(',', pos);
        const std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? text.size() + 1 : comma + 1;
        if (item.empty())
            continue;
        const auto at = item.find('@');
        if (at == std::string::npos || at == 0)
            throw UsageError("--incident wants LINK@START[+DURATION][:LANES], e.g. L00017@30m+45m:2; got '" + item + "'");
        StagedIncident inc;
        inc.linkId = item.substr(0, at);
        std::string rest = item.substr(at + 1);
        if (const auto colon = rest.find(':'); colon != std::string::npos) {
            try {
                inc.lanesBlocked = std::stoi(rest.substr(colon + 1));
            } catch (...) {
                throw UsageError("--incident: lanes must be a whole number in '" + item + "'");
            }
            rest.resize(colon);
        }
        if (const auto plus = rest.find('+'); plus != std::string::npos) {
            inc.durationNs = parseDuration(rest.substr(plus + 1), "incident");
            rest.resize(plus);
        }
        inc.startNs = parseDuration(rest, "incident");
        if (inc.lanesBlocked < 1 || inc.durationNs <= 0)
            throw UsageError("--incident: at least one lane and a positive duration in '" + item + "'");
        out.push_back(inc);
    }
    return out;
}

bool recordRun(const RecordSpec &spec, json::object &out, std::string &error)
{
    std::error_code ec;
    if (fs::exists(spec.out, ec)) {
        error = "'" + spec.out + "' exists already; choose another --out or delete it";
        return false;
    }
    const core::CityModel &city = *spec.scenario->city;
    auto sim = std::make_shared<core::CitySimulator>(spec.scenario, spec.options);
    std::vector<std::pair<std::uint32_t, StagedIncident>> staged;
    for (const StagedIncident &inc : spec.incidents) {
        const auto entity = city.find(core::EntityKind::Link, inc.linkId);
        if (!entity) {
            error = "--incident: the scenario has no link '" + inc.linkId + "'";
            return false;
        }
        std::uint32_t link = 0;
        while (link < spec.scenario->links.size() && spec.scenario->links[link].entity != *entity)
            ++link;
        sim->schedule({link, spec.startNs + inc.startNs, inc.durationNs, inc.lanesBlocked, 0.5});
        staged.emplace_back(*entity, inc);
    }
    auto source = std::make_shared<StagedSource>(sim, staged);

    core::EngineConfig config;
    config.tcpPort = config.udpPort = -1;
    config.recordPath = spec.out;
    config.snapshotHz = 1.0;
    // Commits come from the flush every 10 engine minutes below: one chunk per sensor per 10 minutes
    // keeps the file small (fewer rows and index entries) and every seek's read short.
    config.recorder.commitInterval = std::chrono::minutes(10);
    auto clock = std::make_shared<core::Clock>(spec.startNs, 0.0);
    core::Engine engine(spec.scenario->city, clock, config);
    if (!engine.start(error))
        return false;
    engine.attachSource(source, "sim", std::chrono::hours(1)); // paced by pumpSource below, not by the timer
    core::Recorder &recorder = *engine.recorder();
    recorder.setMeta("scenario_dir", spec.scenarioDir);
    recorder.setMeta("seed", std::to_string(spec.options.seed));
    recorder.setMeta("rain", spec.rainName);
    recorder.setMeta("start_ns", std::to_string(spec.startNs));
    recorder.setMeta("end_ns", std::to_string(spec.startNs + spec.durationNs));
    recorder.setMeta("recorded_by", "cityops-cli record");
    {
        json::array incidents;
        for (const auto &inc : spec.incidents)
            incidents.push_back({{"link", inc.linkId}, {"start_ns", spec.startNs + inc.startNs},
                                 {"duration_ns", inc.durationNs}, {"lanes_blocked", inc.lanesBlocked}});
        recorder.setMeta("incidents", json::serialize(incidents));
    }

    const auto wall0 = std::chrono::steady_clock::now();
    const std::int64_t end = spec.startNs + spec.durationNs;
    std::uint64_t acknowledged = 0;
    for (std::int64_t t = spec.startNs; t < end;) {
        t = std::min(end, t + kMinuteNs);
        engine.pumpSource(t);
        clock->setTime(t);
        if (spec.ackAfterMin > 0) {
            // A simulated operator: acknowledges every other alarm a few minutes after it rose. Recorded as
            // operator actions with the user and engine time, which a replay takes back at the same time.
            std::vector<std::uint64_t> due;
            engine.run([&] {
                for (const core::Alarm &a : engine.alarmEngine().alarms())
                    if (a.state == core::AlarmState::Active && a.id % 2 == 0 &&
                        t - a.raisedNs >= spec.ackAfterMin * kMinuteNs)
                        due.push_back(a.id);
            });
            for (const auto id : due)
                acknowledged += engine.acknowledgeAlarm(id, "operator") ? 1 : 0;
        }
        if ((t - spec.startNs) % (10 * kMinuteNs) == 0)
            engine.flush(); // bounds every chunk to 10 minutes of engine time: short seeks
    }
    engine.flush();
    const auto snapshot = engine.snapshotNow();
    engine.stop();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

    std::string openError;
    auto recording = core::Recording::open(spec.out, openError);
    if (!recording) {
        error = "the recording does not reopen: " + openError;
        return false;
    }
    std::uint64_t raised = recording->alarmTimes().size(), snapshots = 0;
    for (const auto &m : recording->marks())
        snapshots += m.snapshot ? 1 : 0;
    const auto bytes = fs::file_size(spec.out, ec);
    out["file"] = spec.out;
    out["scenario"] = spec.scenario->name;
    out["seed"] = spec.options.seed;
    out["rain"] = spec.rainName;
    out["start_ns"] = spec.startNs;
    out["duration_s"] = static_cast<double>(spec.durationNs) / 1e9;
    out["readings"] = recording->info().readings;
    out["dropped"] = snapshot->recorder.dropped;
    out["bytes"] = bytes;
    out["bytes_per_reading"] = recording->info().readings ? static_cast<double>(bytes) / static_cast<double>(recording->info().readings) : 0.0;
    out["state_hashes"] = recording->marks().size();
    out["snapshots"] = snapshots;
    out["alarms_raised"] = raised;
    out["acknowledged"] = acknowledged;
    out["incidents"] = spec.incidents.size();
    out["wall_s"] = wall;
    out["speedup_vs_real_time"] = static_cast<double>(spec.durationNs) / 1e9 / wall;
    if (snapshot->recorder.dropped > 0) {
        error = "the recorder dropped " + std::to_string(snapshot->recorder.dropped) + " readings";
        return false;
    }
    return true;
}

int runRecord(int argc, char **argv)
{
    const Args args(argc, argv, 2,
                    {"scenario", "duration", "seed", "out", "rain", "rain-peak-in", "incident", "start", "ack-after"},
                    {"json", "help"});
    if (args.has("help")) {
        std::puts("cityops-cli record --scenario DIR --duration 2h --seed N --out FILE [--rain none|light|heavy|extreme]\n"
                  "  [--rain-peak-in HOURS] [--incident LINK@START[+DURATION][:LANES],...] [--start EPOCH_S]\n"
                  "  [--ack-after MIN] [--json]\n"
                  "Simulates the scenario as fast as it goes through the engine (pipeline, alarms, recorder) and\n"
                  "records readings, events, operator acknowledgements, per-minute state hashes and state\n"
                  "snapshots to FILE. Default start: 2021-07-20 15:00 Asia/Shanghai. --ack-after: a simulated\n"
                  "operator acknowledges every other alarm MIN minutes after it rose (default 5; 0: none).");
        return 0;
    }
    if (!args.has("out"))
        throw UsageError("--out FILE is required");
    RecordSpec spec;
    spec.durationNs = parseDuration(args.value("duration", "2h"), "duration");
    if (spec.durationNs < kMinuteNs)
        throw UsageError("--duration must be at least a minute");
    spec.startNs = args.has("start") ? args.integer("start", 0) * 1'000'000'000LL : kDefaultRecordStartNs;
    spec.startNs -= spec.startNs % kMinuteNs;
    spec.out = args.value("out");
    spec.scenarioDir = args.value("scenario");
    spec.incidents = args.has("incident") ? parseIncidents(args.value("incident")) : std::vector<StagedIncident>{};
    spec.ackAfterMin = static_cast<int>(args.integer("ack-after", 5));
    if (spec.ackAfterMin < 0)
        throw UsageError("--ack-after must be 0 or more minutes");
    std::string error;
    spec.scenario = loadScenarioArg(args, error);
    if (!spec.scenario) {
        std::fprintf(stderr, "cityops-cli record: %s\n", error.c_str());
        return 1;
    }
    spec.options = simulatorOptions(args, spec.startNs);
    spec.rainName = std::string(core::rainScenarioName(spec.options.hydrology.scenario));
    for (const auto &inc : spec.incidents)
        if (inc.startNs >= spec.durationNs)
            throw UsageError("--incident " + inc.linkId + " starts after the end of the run");
    json::object out;
    if (!recordRun(spec, out, error)) {
        std::fprintf(stderr, "cityops-cli record: %s\n", error.c_str());
        return 1;
    }
    if (args.has("json")) {
        std::puts(json::serialize(out).c_str());
    } else {
        std::printf("recorded %s of %s (seed %llu, rain %s, %zu incident(s)) to %s\n",
                    formatDuration(spec.durationNs).c_str(), spec.scenario->name.c_str(),
                    static_cast<unsigned long long>(spec.options.seed), spec.rainName.c_str(), spec.incidents.size(),
                    spec.out.c_str());
        std::printf("  readings %llu, %.1f bytes per reading, %llu state hashes, %llu snapshots\n",
                    static_cast<unsigned long long>(out["readings"].as_uint64()), out["bytes_per_reading"].as_double(),
                    static_cast<unsigned long long>(out["state_hashes"].as_uint64()),
                    static_cast<unsigned long long>(out["snapshots"].as_uint64()));
        std::printf("  alarms raised %llu, acknowledged %llu; %.1f s wall, %.0fx real time\n",
                    static_cast<unsigned long long>(out["alarms_raised"].as_uint64()),
                    static_cast<unsigned long long>(out["acknowledged"].as_uint64()), out["wall_s"].as_double(),
                    out["speedup_vs_real_time"].as_double());
    }
    return 0;
}

int runReplay(int argc, char **argv)
{
    const Args args(argc, argv, 2, {"speed", "clip-from", "clip-to", "out", "for"}, {"verify", "json", "help", "info"});
    if (args.has("help")) {
        std::puts("cityops-cli replay FILE [--verify] [--json]\n"
                  "cityops-cli replay FILE --speed X [--for WALL_SECONDS]\n"
                  "cityops-cli replay FILE --clip-from 30m --clip-to 1h15m --out CLIP\n"
                  "cityops-cli replay FILE --info [--json]\n"
                  "Replays a recording through the engine (same pipeline and alarm rules, replay clock).\n"
                  "--verify: exit 0 only if every per-minute state hash and every alarm event equals the recorded\n"
                  "one (exit 4 if they differ, 1 if the file cannot be replayed). --speed: replay at X times real\n"
                  "time, printing the engine time. --clip-from/--clip-to (from the recording's start): cut an\n"
                  "incident clip that replays on its own.");
        return 0;
    }
    if (args.positional().size() != 1)
        throw UsageError("name one recording: cityops-cli replay FILE [--verify]");
    const std::string path = args.positional().front();
    const bool asJson = args.has("json");
    json::object out;
    out["file"] = path;

    if (args.has("clip-from") || args.has("clip-to")) {
        if (!args.has("clip-from") || !args.has("clip-to") || !args.has("out"))
            throw UsageError("a clip needs --clip-from, --clip-to and --out");
        std::string error;
        auto recording = core::Recording::open(path, error);
        if (!recording) {
            std::fprintf(stderr, "cityops-cli replay: %s\n", error.c_str());
            return 1;
        }
        const std::int64_t from = recording->startNs() + parseDuration(args.value("clip-from"), "clip-from");
        const std::int64_t to = recording->startNs() + parseDuration(args.value("clip-to"), "clip-to");
        recording.reset();
        const auto clip = core::cutClip(path, args.value("out"), from, to);
        if (!clip.ok) {
            std::fprintf(stderr, "cityops-cli replay: %s\n", clip.error.c_str());
            return 1;
        }
        out["clip"] = args.value("out");
        out["start_ns"] = clip.startNs;
        out["end_ns"] = clip.endNs;
        out["readings"] = clip.readings;
        out["events"] = clip.events;
        out["states"] = clip.states;
        out["bytes"] = clip.bytes;
        if (asJson)
            std::puts(json::serialize(out).c_str());
        else
            std::printf("clip %s: %s of engine time from its snapshot (%llu readings, %llu events, %llu bytes)\n",
                        args.value("out").c_str(), formatDuration(clip.endNs - clip.startNs).c_str(),
                        static_cast<unsigned long long>(clip.readings), static_cast<unsigned long long>(clip.events),
                        static_cast<unsigned long long>(clip.bytes));
        return 0;
    }

    if (args.has("info")) {
        std::string error;
        auto recording = core::Recording::open(path, error);
        if (!recording) {
            std::fprintf(stderr, "cityops-cli replay: %s\n", error.c_str());
            return 1;
        }
        const auto &info = recording->info();
        out["scenario"] = info.scenario;
        out["schema"] = info.schema;
        out["start_ns"] = info.startNs;
        out["end_ns"] = info.endNs;
        out["readings"] = info.readings;
        out["bytes"] = info.bytes;
        out["alarms"] = recording->alarmTimes().size();
        json::array gaps;
        for (const auto &g : recording->gaps())
            gaps.push_back({{"from_ns", g.fromNs}, {"to_ns", g.toNs}, {"coverage", g.coverage}});
        out["gaps"] = gaps;
        out["bookmarks"] = recording->bookmarks().size();
        if (asJson)
            std::puts(json::serialize(out).c_str());
        else
            std::printf("%s: %s, %s of engine time, %llu readings, %zu alarms, %zu gaps, schema %d\n", path.c_str(),
                        info.scenario.c_str(), formatDuration(info.endNs - info.startNs).c_str(),
                        static_cast<unsigned long long>(info.readings), recording->alarmTimes().size(),
                        gaps.size(), info.schema);
        return 0;
    }

    if (args.has("speed")) {
        const double speed = args.number("speed", 60.0);
        if (!(speed >= 0.25 && speed <= 3600.0))
            throw UsageError("--speed must be between 0.25 and 3600");
        std::string error;
        auto recording = core::Recording::open(path, error);
        if (!recording) {
            std::fprintf(stderr, "cityops-cli replay: %s\n", error.c_str());
            return 1;
        }
        core::Engine engine(recording->model(), std::make_shared<core::Clock>(recording->startNs(), 0.0),
                            core::replayEngineConfig());
        if (!engine.start(error)) {
            std::fprintf(stderr, "cityops-cli replay: %s\n", error.c_str());
            return 1;
        }
        auto replay = core::ReplayController::attach(engine, path, {}, error);
        if (!replay) {
            std::fprintf(stderr, "cityops-cli replay: %s\n", error.c_str());
            return 1;
        }
        std::uint64_t raised = 0;
        engine.setEventObserver([&](const core::Event &e) { raised += e.kind == "alarm.raised"; });
        const double limit = args.number("for", -1.0);
        const auto wall0 = std::chrono::steady_clock::now();
        replay->setRate(speed);
        while (!replay->atEnd() && replay->sourceError().empty()) {
            std::this_thread::sleep_for(std::chrono::seconds(1));
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
            const std::int64_t t = replay->timeNs();
            if (!asJson)
                std::printf("engine time +%s (%.0fx), %llu alarms raised\n", formatDuration(t - replay->startNs()).c_str(),
                            static_cast<double>(t - replay->startNs()) / 1e9 / wall, static_cast<unsigned long long>(raised));
            std::fflush(stdout);
            if (limit >= 0 && wall >= limit)
                break;
        }
        const std::string failure = replay->sourceError();
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
        out["engine_s"] = static_cast<double>(replay->timeNs() - replay->startNs()) / 1e9;
        out["wall_s"] = wall;
        out["alarms_raised"] = raised;
        replay.reset();
        engine.stop();
        if (!failure.empty()) {
            std::fprintf(stderr, "cityops-cli replay: %s\n", failure.c_str());
            return 1;
        }
        if (asJson)
            std::puts(json::serialize(out).c_str());
        return 0;
    }

    const core::VerifyResult r = core::verifyRecording(path);
    if (!r.ran) {
        std::fprintf(stderr, "cityops-cli replay: %s\n", r.error.c_str());
        return 1;
    }
    const bool verify = args.has("verify");
    out["verified"] = verify;
    out["identical"] = r.identical;
    out["start_ns"] = r.startNs;
    out["end_ns"] = r.endNs;
    out["readings"] = r.readings;
    out["states_recorded"] = r.statesRecorded;
    out["states_replayed"] = r.statesReplayed;
    out["states_differing"] = r.statesDiffering;
    out["first_state_difference_ns"] = r.firstStateDifferenceNs;
    out["alarm_events_recorded"] = r.alarmEventsRecorded;
    out["alarm_events_replayed"] = r.alarmEventsReplayed;
    out["alarm_events_differing"] = r.alarmEventsDiffering;
    out["first_event_difference"] = r.firstEventDifference;
    out["initial_state_matches"] = r.initialStateMatches;
    out["wall_s"] = r.wallSeconds;
    out["replay_speed"] = r.speed;
    if (asJson) {
        std::puts(json::serialize(out).c_str());
    } else {
        std::printf("replayed %s: %s of engine time, %llu readings in %.2f s (%.0fx real time)\n", path.c_str(),
                    formatDuration(r.endNs - r.startNs).c_str(), static_cast<unsigned long long>(r.readings),
                    r.wallSeconds, r.speed);
        std::printf("  state hashes: %llu recorded, %llu replayed, %llu differ\n",
                    static_cast<unsigned long long>(r.statesRecorded), static_cast<unsigned long long>(r.statesReplayed),
                    static_cast<unsigned long long>(r.statesDiffering));
        std::printf("  alarm events: %llu recorded, %llu replayed, %llu differ\n",
                    static_cast<unsigned long long>(r.alarmEventsRecorded),
                    static_cast<unsigned long long>(r.alarmEventsReplayed),
                    static_cast<unsigned long long>(r.alarmEventsDiffering));
        if (!r.initialStateMatches)
            std::printf("  the clip's starting state does not hash as recorded\n");
        if (r.statesDiffering)
            std::printf("  first differing state at engine time %lld (+%s)\n", static_cast<long long>(r.firstStateDifferenceNs),
                        formatDuration(r.firstStateDifferenceNs - r.startNs).c_str());
        if (!r.firstEventDifference.empty())
            std::printf("  first differing event: %s\n", r.firstEventDifference.c_str());
        std::printf("%s\n", r.identical ? "identical to the recorded run" : "DIFFERS from the recorded run");
    }
    if (verify && !r.identical) {
        if (!asJson)
            std::fprintf(stderr, "cityops-cli replay: the replay differs from the recording\n");
        return 4;
    }
    return 0;
}

} // namespace cityops::cli
