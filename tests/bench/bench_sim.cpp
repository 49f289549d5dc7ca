// bench_sim: how fast the cell transmission model runs a city day. A synthetic grid of ~3,500 links (two-way
// roads, signalised intersections, border stubs) is simulated for 24 h of commuter demand, minute by minute
// with readings, on one thread. Prints one JSON object: the speed-up over real time (the requirement is
// 200x), and, measured in the same run, a baseline: the cost of one plain sweep over the cell arrays
// (a sending-function pass, the least any CTM step must do), so the result also reads as "one step costs
// N sweeps" on whatever machine runs it.
//
//   bench_sim [--hours H] [--rows R] [--cols C] [--dt S] [--seed N] [--peak-load L] [--mean-trip-links N]
#include "sim/ctm.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace cityops::core;

namespace {

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

} // namespace

int main(int argc, char **argv)
{
    double hours = 24, dt = 2;
    int rows = 29, cols = 29;
    std::uint64_t seed = 1;
    DemandConfig demand;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const char *value = argv[i + 1];
        if (key == "--hours")
            hours = std::atof(value);
        else if (key == "--rows")
            rows = std::atoi(value);
        else if (key == "--cols")
            cols = std::atoi(value);
        else if (key == "--dt")
            dt = std::atof(value);
        else if (key == "--seed")
            seed = std::strtoull(value, nullptr, 10);
        else if (key == "--peak-load")
            demand.peakLoad = std::atof(value);
        else if (key == "--mean-trip-links")
            demand.meanTripLinks = std::atof(value);
        else {
            std::fprintf(stderr, "usage: bench_sim [--hours H] [--rows R] [--cols C] [--dt S] [--seed N] "
                                 "[--peak-load L] [--mean-trip-links N]\n");
            return 2;
        }
    }

    GridNetworkSpec spec;
    spec.rows = rows;
    spec.cols = cols;
    auto net = makeGridNetwork(spec);
    CtmConfig config;
    config.dtS = dt;
    constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    const std::int64_t start = 1'709'481'600LL * 1'000'000'000LL; // 2024-03-04 00:00 Asia/Shanghai
    CtmSimulator sim(net, DemandModel(net, demand), config, seed, start);

    const auto minutes = static_cast<int>(hours * 60);
    std::vector<Reading> readings;
    readings.reserve(net->linkCount() + net->signalCount());
    std::size_t readingCount = 0;
    double maxInNetwork = 0, maxQueued = 0, peakSpeed = 0, nightSpeed = 0;
    int peakSamples = 0, nightSamples = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int m = 1; m <= minutes; ++m) {
        readings.clear();
        sim.advanceTo(start + m * kMinuteNs, &readings);
        readingCount += readings.size();
        // Cheap figures that show the day had traffic in it (a sample every 10 minutes).
        if (m % 10 == 0) {
            const VehicleAccount a = sim.account();
            maxInNetwork = std::max(maxInNetwork, a.inCells);
            maxQueued = std::max(maxQueued, a.inQueues);
            double speed = 0;
            int n = 0;
            for (const Reading &r : readings)
                if (r.measurement == Measurement::Traffic) {
                    speed += r.values[0];
                    ++n;
                }
            const int hour = (m / 60) % 24;
            if (n > 0 && (hour == 8 || hour == 18)) {
                peakSpeed += speed / n;
                ++peakSamples;
            } else if (n > 0 && hour == 3) {
                nightSpeed += speed / n;
                ++nightSamples;
            }
        }
    }
    const double wall = seconds(t0);
    const VehicleAccount account = sim.account();

    // Baseline: one sending-function sweep over arrays of the same size, as many times as the run had steps
    // (a tenth of them, scaled, to keep the benchmark short).
    const std::size_t cells = sim.totalCells();
    const auto cellVehicles = sim.cellVehicles();
    std::vector<double> n(cellVehicles.begin(), cellVehicles.end()), cap(cells, 1.0), vf(cells, 0.95), out(cells);
    const auto steps = static_cast<std::size_t>(sim.steps());
    const std::size_t sweeps = std::max<std::size_t>(1, steps / 10);
    const auto t1 = std::chrono::steady_clock::now();
    double sink = 0;
    for (std::size_t s = 0; s < sweeps; ++s) {
        n[s % cells] += 1e-12; // keep the compiler from hoisting the sweep
        for (std::size_t c = 0; c < cells; ++c)
            out[c] = std::min(vf[c] * n[c], cap[c]);
        sink += out[s % cells];
    }
    const double sweepWall = seconds(t1) * static_cast<double>(steps) / static_cast<double>(sweeps);

    const double simulated = static_cast<double>(minutes) * 60.0;
    const double speedup = simulated / wall;
    const double nsPerCellStep = wall * 1e9 / (static_cast<double>(steps) * static_cast<double>(cells));
    const double sweepNsPerCell = sweepWall * 1e9 / (static_cast<double>(steps) * static_cast<double>(cells));
    std::printf("{\"benchmark\": \"ctm_day\", \"links\": %zu, \"cells\": %zu, \"signals\": %zu, \"movements\": %zu, "
                "\"dt_s\": %g, \"simulated_s\": %.0f, \"steps\": %zu, \"wall_s\": %.3f, \"speedup\": %.1f, "
                "\"required_speedup\": 200, \"passed\": %s, \"ns_per_cell_step\": %.3f, "
                "\"baseline\": {\"name\": \"single_sweep\", \"wall_s\": %.3f, \"ns_per_cell\": %.3f, "
                "\"step_cost_in_sweeps\": %.2f}, "
                "\"readings\": %zu, \"vehicles_generated\": %.0f, \"vehicles_exited\": %.0f, "
                "\"max_in_network\": %.0f, \"max_queued_outside\": %.0f, \"mean_speed_kmh_peak\": %.1f, "
                "\"mean_speed_kmh_night\": %.1f, \"conservation_rel_error\": %.3g, \"checksum\": %.3g}\n",
                net->linkCount(), cells, net->signalCount(), net->movementCount(), sim.config().dtS, simulated, steps,
                wall, speedup, speedup >= 200 ? "true" : "false", nsPerCellStep, sweepWall, sweepNsPerCell,
                nsPerCellStep / sweepNsPerCell, readingCount, account.generated, account.exited, maxInNetwork,
                maxQueued, peakSamples ? peakSpeed / peakSamples : 0.0, nightSamples ? nightSpeed / nightSamples : 0.0,
                account.relativeError(), sink);
    return speedup >= 200 ? 0 : 1;
}
