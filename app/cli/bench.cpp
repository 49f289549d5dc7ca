// cityops-cli bench: figures measured next to a baseline taken in the same run (these machines are
// noisy; ratios are what to compare).
//
// bench ingest: N readings go through a real socket on loopback into a running engine that parses,
// validates, updates state and records them; the clock stops when the last one is committed to SQLite.
// Baseline: the same rows inserted into a plain SQLite table with one prepared statement, 10,000 rows
// per transaction, the same journal settings.
#include "args.h"
#include "citysource.h"
#include "commands.h"

#include "engine/engine.h"
#include "feed/linewriter.h"
#include "feed/syntheticload.h"
#include "sim/citysimulator.h"
#include "store/recorder.h"
#include "store/recordingreader.h"
#include "store/sqlite.h"

#include <utility>
#include <boost/asio.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <thread>

namespace cityops::cli {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

struct Baseline {
    double seconds = 0;
    double rowsPerS = 0;
};

Baseline sqliteBaseline(const std::vector<core::Reading> &rows, const fs::path &path)
{
    fs::remove(path);
    core::sql::Database db;
    std::string error;
    if (!db.open(path.string(), true, false, error))
        throw std::runtime_error(error);
    db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            "CREATE TABLE readings(t INTEGER NOT NULL, entity INTEGER NOT NULL, measurement INTEGER NOT NULL,"
            " v0 REAL, v1 REAL, v2 REAL, v3 REAL)", error);
    core::sql::Statement insert;
    insert.prepare(db, "INSERT INTO readings VALUES(?,?,?,?,?,?,?)");
    const auto start = Clock::now();
    for (std::size_t k = 0; k < rows.size(); ++k) {
        if (k % 10000 == 0)
            db.exec("BEGIN", error);
        const auto &r = rows[k];
        insert.reset();
        insert.bind(1, r.timeNs);
        insert.bind(2, static_cast<std::int64_t>(r.entity));
        insert.bind(3, static_cast<std::int64_t>(r.measurement));
        for (int f = 0; f < core::kMaxReadingFields; ++f) {
            if (r.has(f)) insert.bind(4 + f, r.values[f]);
            else insert.bindNull(4 + f);
        }
        insert.step();
        if (k % 10000 == 9999 || k + 1 == rows.size())
            db.exec("COMMIT", error);
    }
    Baseline b;
    b.seconds = seconds(start, Clock::now());
    b.rowsPerS = static_cast<double>(rows.size()) / b.seconds;
    db.close();
    fs::remove(path);
    fs::remove(path.string() + "-wal");
    fs::remove(path.string() + "-shm");
    return b;
}

// Sends `text` from a client thread: TCP as one stream, UDP as datagrams of whole lines.
void sendAll(const std::string &transport, std::uint16_t port, const std::string &text)
{
    namespace asio = boost::asio;
    asio::io_context io;
    const auto loopback = asio::ip::make_address("127.0.0.1");
    if (transport == "tcp") {
        asio::ip::tcp::socket socket(io);
        socket.connect({loopback, port});
        asio::write(socket, asio::buffer(text));
        socket.shutdown(asio::ip::tcp::socket::shutdown_send);
        // Wait for the engine to close its side so that no byte is left in flight.
        char byte;
        boost::system::error_code ec;
        socket.read_some(asio::buffer(&byte, 1), ec);
        return;
    }
    asio::ip::udp::socket socket(io);
    socket.open(asio::ip::udp::v4());
    const asio::ip::udp::endpoint to(loopback, port);
    constexpr std::size_t kDatagram = 8 * 1024;
    std::size_t pos = 0;
    std::size_t sentDatagrams = 0;
    while (pos < text.size()) {
        std::size_t end = std::min(text.size(), pos + kDatagram);
        if (end < text.size())
            end = text.rfind('\n', end - 1) + 1;
        socket.send_to(asio::buffer(text.data() + pos, end - pos), to);
        pos = end;
        // UDP has no flow control: pace to about what the engine takes, so that the kernel's receive
        // queue (net.core.rmem_max) is not the thing measured. Losses still show as sent > accepted.
        if (++sentDatagrams % 8 == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

int benchIngest(const Args &args)
{
    const std::string transport = args.value("transport", "tcp");
    if (transport != "tcp" && transport != "udp")
        throw UsageError("--transport must be tcp or udp");
    const auto count = static_cast<std::size_t>(args.integer("readings", 2'000'000));
    if (count == 0)
        throw UsageError("--readings must be positive");
    std::string error;
    auto model = loadCity(args, error);
    if (!model)
        throw std::runtime_error(error);

    const fs::path dir = fs::temp_directory_path() / ("cityops-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path recording = args.has("record") ? fs::path(args.value("record")) : dir / "ingest.cityops";
    fs::remove(recording);

    const std::int64_t now = core::Clock::systemNowNs();
    const std::int64_t step = 60'000'000'000LL;
    const auto rounds = static_cast<std::int64_t>(count / std::max<std::size_t>(1, model->size()) + 1);
    const auto readings = core::makeSyntheticLoad(*model, count, now - rounds * step, step, 42);
    std::string text;
    text.reserve(count * 80);
    for (const auto &r : readings)
        core::appendLine(*model, r, text);

    core::EngineConfig config;
    config.recordPath = recording.string();
    config.tcpPort = transport == "tcp" ? 0 : -1;
    config.udpPort = transport == "udp" ? 0 : -1;
    core::Engine engine(model, std::make_shared<core::Clock>(), config);
    if (!engine.start(error))
        throw std::runtime_error(error);
    const std::uint16_t port = transport == "tcp" ? engine.tcpPort() : engine.udpPort();

    const auto start = Clock::now();
    std::thread client([&] { sendAll(transport, port, text); });
    client.join();
    // TCP: all bytes are in once the engine closed the connection. UDP: wait until the counts settle.
    std::uint64_t lastSeen = ~0ULL;
    for (;;) {
        const auto s = engine.snapshotNow();
        std::uint64_t seen = 0;
        for (const auto &src : s->sources)
            seen += src.lines;
        if (seen >= count || (transport == "udp" && seen == lastSeen))
            break;
        lastSeen = seen;
        std::this_thread::sleep_for(std::chrono::milliseconds(transport == "udp" ? 300 : 5));
    }
    engine.flush();
    const auto end = Clock::now();
    const auto s = engine.snapshotNow();
    engine.stop();

    std::uint64_t accepted = 0, rejected = 0;
    for (const auto &src : s->sources) {
        accepted += src.accepted;
        rejected += src.rejectedTotal() - src.rejected[static_cast<int>(core::RejectReason::Dropped)];

    }
    const double elapsed = seconds(start, end);
    const auto fileBytes = fs::file_size(recording);
    const Baseline base = sqliteBaseline(readings, dir / "baseline.sqlite");
    if (!args.has("record"))
        fs::remove_all(dir);

    const double perS = static_cast<double>(accepted) / elapsed;
    json::object out;
    out["benchmark"] = "ingest";
    out["transport"] = transport;
    out["readings"] = count;
    out["sent"] = count;
    out["accepted"] = accepted;
    out["rejected"] = rejected;
    out["recorded"] = s->recorder.committed;
    out["dropped"] = s->recorder.dropped;
    out["seconds"] = elapsed;
    out["readings_per_s"] = perS;
    out["bytes_per_reading"] = s->recorder.committed ? static_cast<double>(fileBytes) / static_cast<double>(s->recorder.committed) : 0.0;
    out["baseline"] = {{"name", "sqlite prepared INSERT, plain table, 10000 rows per transaction"},
                       {"seconds", base.seconds},
                       {"rows_per_s", base.rowsPerS}};
    out["ratio_to_baseline"] = perS / base.rowsPerS;
    if (args.has("json")) {
        std::puts(json::serialize(out).c_str());
    } else {
        std::printf("ingest over %s: %zu readings, %.0f readings/s end to end (accepted %llu, rejected %llu, "
                    "recorded %llu, dropped %llu)\n", transport.c_str(), count, perS,
                    static_cast<unsigned long long>(accepted), static_cast<unsigned long long>(rejected),
                    static_cast<unsigned long long>(s->recorder.committed),
                    static_cast<unsigned long long>(s->recorder.dropped));
        std::printf("baseline: plain SQLite insert %.0f rows/s; ratio %.2f\n", base.rowsPerS, perS / base.rowsPerS);
    }
    return 0;
}

/// --scenario (or the demo city) and --hours (default 24), with clear errors.
std::pair<std::shared_ptr<const core::Scenario>, double> scenarioAndHours(const Args &args)
{
    std::string error;
    auto scenario = loadScenarioArg(args, error);
    if (!scenario)
        throw std::runtime_error(error);
    const double hours = args.number("hours", 24.0);
    if (!(hours > 0))
        throw UsageError("--hours must be positive");
    return {std::move(scenario), hours};
}

int benchSim(const Args &args)
{
    std::string error;
    const auto [scenario, hours] = scenarioAndHours(args);
    // A whole local day from midnight (Asia/Shanghai), with the storm's peak in the evening rush.
    const std::int64_t midnight = 1626624000LL * 1'000'000'000LL; // 2021-07-19 00:00 +08:00
    core::SimulatorOptions options = simulatorOptions(args, midnight);
    if (!args.has("rain-peak-in")) {
        options.hydrology.scenario = args.has("rain") ? options.hydrology.scenario : core::RainScenario::Extreme;
        options.hydrology.eventStartNs = midnight - 3LL * 3600 * 1'000'000'000; // peak hour 17:00-18:00
    }
    core::CitySimulator sim(scenario, options);
    std::vector<core::Reading> readings;
    readings.reserve(1 << 20);
    std::uint64_t count = 0;
    const auto start = Clock::now();
    const std::int64_t end = midnight + static_cast<std::int64_t>(hours * 3600.0) * 1'000'000'000LL;
    for (std::int64_t t = midnight; t < end;) {
        t = std::min<std::int64_t>(end, t + 3600LL * 1'000'000'000);
        readings.clear();
        sim.advanceTo(t, readings);
        count += readings.size();
    }
    const double wall = seconds(start, Clock::now());
    const double simulated = hours * 3600.0;
    json::object out;
    out["benchmark"] = "sim";
    out["scenario"] = scenario->name;
    out["rain"] = std::string(core::rainScenarioName(options.hydrology.scenario));
    out["simulated_s"] = simulated;
    out["wall_s"] = wall;
    out["speedup_vs_real_time"] = simulated / wall;
    out["baseline"] = "real time (1x); the floor is 200x";
    out["readings"] = count;
    out["links"] = scenario->links.size();
    out["grid_cells"] = sim.hydrology().surface().depths().size();
    out["hydrology_steps"] = sim.hydrology().surface().steps();
    out["water_balance_error"] = sim.hydrology().balance().relativeError();
    if (args.has("json"))
        std::puts(json::serialize(out).c_str());
    else
        std::printf("simulated %.1f h of %s in %.1f s: %.0fx real time (%llu readings)\n", hours, scenario->name.c_str(),
                    wall, simulated / wall, static_cast<unsigned long long>(count));
    return 0;
}

// bench history: the workstation's history query (RecordingReader::history, downsampled to 360 buckets)
// for 100 links over 24 h of a demo-city recording, as the inspector runs it. The recording is written
// the way a live engine writes it: one commit per engine minute, so every chunk holds one minute. Baseline
// in the same run: reading the same rows raw (RecordingReader::readings), without downsampling.
int benchHistory(const Args &args)
{
    std::string error;
    const auto [scenario, hours] = scenarioAndHours(args);
    constexpr std::int64_t kMinute = 60'000'000'000LL;
    const std::int64_t start = 1626624000LL * 1'000'000'000LL; // 2021-07-19 00:00 +08:00
    const std::int64_t end = start + static_cast<std::int64_t>(hours * 60.0) * kMinute;
    const fs::path path = args.has("record") ? fs::path(args.value("record"))
                                             : fs::temp_directory_path() / "cityops-bench-history.cityops";
    const bool reuse = args.has("record") && fs::exists(path);
    double recordS = 0;
    if (!reuse) {
        fs::remove(path);
        auto recorder = core::Recorder::create(path.string(), *scenario->city, {}, error);
        if (!recorder)
            throw std::runtime_error(error);
        core::CitySimulator sim(scenario, simulatorOptions(args, start));
        std::vector<core::Reading> readings;
        const auto t0 = Clock::now();
        for (std::int64_t t = start + kMinute; t <= end; t += kMinute) {
            readings.clear();
            sim.advanceTo(t, readings);
            recorder->append(readings);
            recorder->flush();
        }
        recordS = seconds(t0, Clock::now());
    }
    auto reader = core::RecordingReader::open(path.string(), error);
    if (!reader)
        throw std::runtime_error(error);
    std::vector<std::uint32_t> links;
    for (const auto &link : scenario->links)
        links.push_back(link.entity);
    std::vector<std::uint32_t> picked;
    for (std::size_t k = 0; k < 100 && !links.empty(); ++k)
        picked.push_back(links[k * links.size() / 100]);

    const int repeats = static_cast<int>(args.integer("repeats", 5));
    std::vector<double> historyMs, rawMs;
    std::uint64_t rawRows = 0, buckets = 0;
    for (int r = 0; r < repeats; ++r) {
        std::vector<core::HistoryPoint> points;
        auto t0 = Clock::now();
        buckets = 0;
        for (std::uint32_t e : picked) {
            points.clear();
            if (!reader->history(e, core::Measurement::Traffic, 0, start, end, 360, points, error))
                throw std::runtime_error(error);
            buckets += points.size();
        }
        historyMs.push_back(seconds(t0, Clock::now()) * 1000.0);
        std::vector<core::Reading> raw;
        t0 = Clock::now();
        rawRows = 0;
        for (std::uint32_t e : picked) {
            raw.clear();
            if (!reader->readings(e, core::Measurement::Traffic, start, end, raw, error))
                throw std::runtime_error(error);
            rawRows += raw.size();
        }
        rawMs.push_back(seconds(t0, Clock::now()) * 1000.0);
    }
    std::sort(historyMs.begin(), historyMs.end());
    std::sort(rawMs.begin(), rawMs.end());
    const double p50 = historyMs[historyMs.size() / 2], rawP50 = rawMs[rawMs.size() / 2];
    json::object out;
    out["benchmark"] = "history";
    out["scenario"] = scenario->name;
    out["hours"] = hours;
    out["entities"] = picked.size();
    out["recording_bytes"] = static_cast<std::uint64_t>(fs::file_size(path));
    out["recording_readings"] = reader->readingCount();
    out["record_s"] = recordS;
    out["readings_in_range"] = rawRows;
    out["buckets"] = buckets;
    out["history_ms_p50"] = p50;
    out["history_ms_max"] = historyMs.back();
    out["baseline"] = "the same rows read raw (RecordingReader::readings), not downsampled";
    out["raw_ms_p50"] = rawP50;
    out["ratio_history_to_raw"] = rawP50 > 0 ? p50 / rawP50 : 0.0;
    out["floor_ms"] = 300;
    out["passed"] = p50 < 300;
    if (args.has("json"))
        std::puts(json::serialize(out).c_str());
    else
        std::printf("24 h history of %zu links: p50 %.1f ms, max %.1f ms (raw rows: %.1f ms; %llu readings)\n",
                    picked.size(), p50, historyMs.back(), rawP50, static_cast<unsigned long long>(rawRows));
    return p50 < 300 ? 0 : 1;
}

} // namespace

int runBench(int argc, char **argv)
{
    if (argc < 3)
        throw UsageError("which benchmark? ingest, sim, replay, forecast, signals, flood");
    const std::string which = argv[2];
    // Benchmarks of the model areas parse their own options.
    if (which == "replay")
        return runBenchReplay(argc, argv);
    if (which == "forecast")
        return runBenchForecast(argc, argv);
    if (which == "signals")
        return runBenchSignals(argc, argv);
    if (which == "flood")
        return runBenchFlood(argc, argv);
    const Args args(argc, argv, 3, {"transport", "readings", "record", "scenario", "hours", "rain", "rain-peak-in", "seed", "repeats"},
                    {"json", "synthetic"});
    if (which == "history")
        return benchHistory(args);
    if (which == "ingest")
        return benchIngest(args);
    if (which == "sim")
        return benchSim(args);
    throw UsageError("unknown benchmark '" + which + "'");
}

} // namespace cityops::cli
