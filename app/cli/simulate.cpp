// cityops-cli simulate: the demo city's simulator feeding an engine over the real ingest path
// (line protocol over TCP), at a chosen speed.
#include "args.h"
#include "citysource.h"
#include "commands.h"

#include "engine/clock.h"
#include "feed/linewriter.h"
#include "sim/citysimulator.h"
#include "sim/demooptions.h"

#include <utility>
#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace cityops::cli {

namespace {

std::atomic<bool> g_stop{false};
void onSignal(int) { g_stop = true; }

// "tcp://127.0.0.1:8094" -> host, port.
void parseTarget(const std::string &to, std::string &host, std::uint16_t &port)
{
    const std::string prefix = "tcp://";
    if (to.rfind(prefix, 0) != 0)
        throw UsageError("--to must look like tcp://HOST:PORT, got '" + to + "'");
    const std::string rest = to.substr(prefix.size());
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw UsageError("--to must name a port: tcp://HOST:PORT");
    host = rest.substr(0, colon);
    const long p = std::strtol(rest.c_str() + colon + 1, nullptr, 10);
    if (p <= 0 || p > 65535)
        throw UsageError("--to has an invalid port");
    port = static_cast<std::uint16_t>(p);
}

} // namespace

core::SimulatorOptions simulatorOptions(const Args &args, std::int64_t startNs)
{
    core::RainScenario rain = core::RainScenario::None;
    if (args.has("rain") && !core::parseRainScenario(args.value("rain"), rain))
        throw UsageError("--rain must be none, light, heavy or extreme");
    // The storm's wettest hour comes `rain-peak-in` hours after the start (default 1).
    return core::demoSimulatorOptions(startNs, rain, args.number("rain-peak-in", 1.0),
                                      static_cast<std::uint64_t>(args.integer("seed", 1)));
}

int runSimulate(int argc, char **argv)
{
    const Args args(argc, argv, 2, {"scenario", "to", "speed", "seed", "rain", "rain-peak-in", "duration", "timestamps"},
                    {"help"});
    if (args.has("help")) {
        std::puts("cityops-cli simulate --scenario DIR --to tcp://127.0.0.1:8094 [--speed 60] [--seed 1]\n"
                  "  [--rain none|light|heavy|extreme] [--rain-peak-in HOURS] [--duration WALL_SECONDS]\n"
                  "  [--timestamps none|sim]\n"
                  "Sends every simulated reading as line protocol. With --timestamps none (default) the engine\n"
                  "stamps each line on arrival; with sim the lines carry simulated time (the engine must run\n"
                  "on a clock that accepts it).");
        return 0;
    }
    if (!args.has("to"))
        throw UsageError("--to tcp://HOST:PORT is required");
    std::string host;
    std::uint16_t port = 0;
    parseTarget(args.value("to"), host, port);
    const double speed = args.number("speed", 60.0);
    if (!(speed > 0.0 && speed <= 100000.0))
        throw UsageError("--speed must be between 0 and 100000");
    const std::string stamps = args.value("timestamps", "none");
    if (stamps != "none" && stamps != "sim")
        throw UsageError("--timestamps must be none or sim");

    std::string error;
    auto scenario = loadScenarioArg(args, error);
    if (!scenario) {
        std::fprintf(stderr, "cityops-cli simulate: %s\n", error.c_str());
        return 1;
    }
    const std::int64_t start = core::Clock::systemNowNs();
    core::CitySimulator sim(scenario, simulatorOptions(args, start));
    core::Clock clock(start, speed);

    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    boost::system::error_code ec;
    asio::ip::tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (!ec)
        asio::connect(socket, endpoints, ec);
    if (ec) {
        std::fprintf(stderr, "cityops-cli simulate: cannot connect to %s:%u: %s\n", host.c_str(), port, ec.message().c_str());
        return 1;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const double duration = args.number("duration", -1.0);
    const auto wallStart = std::chrono::steady_clock::now();
    std::vector<core::Reading> readings;
    std::string text;
    std::uint64_t sent = 0;
    while (!g_stop) {
        readings.clear();
        sim.advanceTo(clock.nowNs(), readings);
        if (!readings.empty()) {
            text.clear();
            for (const auto &r : readings)
                core::appendLine(*scenario->city, r, text, stamps == "sim");
            asio::write(socket, asio::buffer(text), ec);
            if (ec) {
                std::fprintf(stderr, "cityops-cli simulate: the engine closed the connection: %s\n", ec.message().c_str());
                return 1;
            }
            sent += readings.size();
            std::printf("simulated to %lld: %zu readings (%llu in all)\n",
                        static_cast<long long>(sim.timeNs() / 1'000'000'000LL), readings.size(),
                        static_cast<unsigned long long>(sent));
            std::fflush(stdout);
        }
        if (duration >= 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count() >= duration)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
}

} // namespace cityops::cli
