// cityops-cli serve: the engine without a window. Listens, records, and prints its counters.
#include "args.h"
#include "commands.h"
#include "citysource.h"

#include "engine/engine.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace cityops::cli {

namespace {

std::atomic<bool> g_stop{false};

void onSignal(int)
{
    g_stop = true;
}

void printCounters(const core::CitySnapshot &s)
{
    std::uint64_t accepted = 0, rejected = 0, bytes = 0;
    for (const auto &src : s.sources) {
        accepted += src.accepted;
        rejected += src.rejectedTotal();
        bytes += src.bytes;
    }
    std::printf("counters sources=%zu accepted=%llu rejected=%llu bytes=%llu recorded=%llu dropped=%llu fresh=%zu stale=%zu\n",
                s.sources.size(), static_cast<unsigned long long>(accepted), static_cast<unsigned long long>(rejected),
                static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(s.recorder.committed),
                static_cast<unsigned long long>(s.recorder.dropped), s.freshCount, s.staleCount);
    std::fflush(stdout);
}

} // namespace

int runServe(int argc, char **argv)
{
    const Args args(argc, argv, 2,
                    {"record", "scenario", "bind", "tcp-port", "udp-port", "precision", "max-line", "stats-interval",
                     "duration", "commit-ms"},
                    {"synthetic", "print-commits", "help"});
    if (args.has("help")) {
        std::puts("cityops-cli serve --record FILE [--scenario DIR | --synthetic] [--bind 127.0.0.1]\n"
                  "  [--tcp-port 8094] [--udp-port 8094] [--precision ns|us|ms|s] [--max-line 65536]\n"
                  "  [--stats-interval 5] [--duration SECONDS] [--commit-ms 1000] [--print-commits]\n"
                  "Ports: 0 picks a free one, -1 disables. Prints 'listening tcp=P udp=P' once bound.");
        return 0;
    }
    if (!args.has("record"))
        throw UsageError("--record FILE is required (the session recording)");

    std::string error;
    auto model = loadCity(args, error);
    if (!model) {
        std::fprintf(stderr, "cityops-cli serve: %s\n", error.c_str());
        return 1;
    }

    core::EngineConfig config;
    config.recordPath = args.value("record");
    config.bindAddress = args.value("bind", "127.0.0.1");
    config.tcpPort = static_cast<int>(args.integer("tcp-port", 8094));
    config.udpPort = static_cast<int>(args.integer("udp-port", 8094));
    config.maxLineBytes = static_cast<std::size_t>(args.integer("max-line", 64 * 1024));
    config.recorder.commitInterval = std::chrono::milliseconds(args.integer("commit-ms", 1000));
    if (args.has("precision") && !core::parseTimePrecision(args.value("precision"), config.precision))
        throw UsageError("--precision must be ns, us, ms or s");

    core::Engine engine(model, std::make_shared<core::Clock>(), config);
    if (!engine.start(error)) {
        std::fprintf(stderr, "cityops-cli serve: %s\n", error.c_str());
        return 1;
    }
    if (args.has("print-commits") && engine.recorder()) {
        engine.recorder()->setCommitCallback([](std::uint64_t committed) {
            std::printf("committed %llu\n", static_cast<unsigned long long>(committed));
            std::fflush(stdout);
        });
    }
    std::printf("listening tcp=%u udp=%u record=%s entities=%zu\n", engine.tcpPort(), engine.udpPort(),
                config.recordPath.c_str(), model->size());
    std::fflush(stdout);

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const double interval = args.number("stats-interval", 5.0);
    const double duration = args.number("duration", -1.0);
    const auto started = std::chrono::steady_clock::now();
    auto lastPrint = started;
    while (!g_stop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto now = std::chrono::steady_clock::now();
        if (duration >= 0 && std::chrono::duration<double>(now - started).count() >= duration)
            break;
        if (interval > 0 && std::chrono::duration<double>(now - lastPrint).count() >= interval) {
            lastPrint = now;
            if (auto s = engine.latestSnapshot())
                printCounters(*s);
        }
    }
    engine.flush();
    printCounters(*engine.snapshotNow());
    engine.stop();
    return 0;
}

} // namespace cityops::cli
