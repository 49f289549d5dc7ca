// cityops-cli eval signals: adaptive signal control, proven in SUMO (--sumocfg) and in the demo city's
// simulator (--scenario); bench signals: one decision step for every signal of the demo city.
#include "args.h"
#include "commands.h"
#include "eval_signals_city.h"
#include "sumo_signals.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

namespace cityops::cli {

namespace {

namespace json = boost::json;

SumoController parseController(const std::string &name)
{
    if (name == "fixed")
        return SumoController::Fixed;
    if (name == "maxpressure")
        return SumoController::MaxPressure;
    if (name == "greedy")
        return SumoController::Greedy;
    if (name == "cityops")
        return SumoController::CityOps;
    if (name == "hold") // test aid: the first green forever, to check that blocked vehicles count
        return SumoController::Hold;
    throw UsageError("--controller must be fixed, maxpressure, greedy or cityops (got '" + name + "')");
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int evalSumo(const Args &args)
{
    SumoRunOptions o;
    o.sumocfg = args.value("sumocfg");
    o.routes = args.value("routes");
    const std::string controllerName = args.value("controller", "cityops");
    o.controller = parseController(controllerName);
    const long long seeds = args.integer("seeds", 1);
    if (seeds < 1 || seeds > 1000)
        throw UsageError("--seeds must be 1..1000");
    const long long firstSeed = args.integer("first-seed", 1);
    o.endS = args.number("end", -1);
    o.lookbackM = args.number("lookback", 100);
    o.stallS = args.number("stall", 300);
    o.defaultMaxGreenS = args.number("max-green", 60);
    // Development aid: "approach=0.5,exitq=1,ratio=1.3,margin=2,gapout=0.5" overrides the CityOps tuning.
    if (args.has("tune")) {
        std::stringstream ss(args.value("tune"));
        std::string item;
        while (std::getline(ss, item, ',')) {
            const auto eq = item.find('=');
            if (eq == std::string::npos)
                throw UsageError("--tune takes name=value pairs");
            const std::string key = item.substr(0, eq);
            double v = 0;
            try {
                v = std::stod(item.substr(eq + 1));
            } catch (const std::exception &) {
                throw UsageError("--tune: bad number in '" + item + "'");
            }
            if (key == "approach") o.tuning.approachWeight = v;
            else if (key == "exitq") o.tuning.exitQueueWeight = v;
            else if (key == "ratio") o.tuning.switchRatio = v;
            else if (key == "margin") o.tuning.switchMarginVeh = v;
            else if (key == "gapout") o.tuning.gapOutVeh = v;
            else if (key == "exitv") o.tuning.exitVehWeight = v;
            else if (key == "minfloor") o.tuning.minGreenFloorS = v;
            else if (key == "clearmult") o.tuning.clearanceMultiple = v;
            else if (key == "maxred") o.tuning.maxRedS = v;
            else if (key == "blocked") o.tuning.blockedWeight = v;
            else if (key == "waitveh") o.tuning.otherWaitsVeh = v;
            else if (key == "holds") o.tuning.queueHoldS = v;
            else if (key == "holdveh") o.tuning.queueHoldVehPerLane = v;
            else if (key == "wave") o.tuning.waveLeadS = v;
            else if (key == "planshare") o.tuning.planMinGreenShare = v;
            else if (key == "plancap") o.tuning.planMinGreenCapS = v;
            else if (key == "wavehold") o.tuning.waveHoldS = v;
            else throw UsageError("--tune: unknown setting '" + key + "'");
        }
    }
    // Green wave along arterial chains (greenwave.h): hold a through green for a platoon due within this.
    o.tuning.waveLeadS = args.number("wave-lead", o.tuning.waveLeadS);
    if (!(o.tuning.waveLeadS >= 0 && o.tuning.waveLeadS <= 120))
        throw UsageError("--wave-lead must be 0..120 seconds (0: no green wave)");
    const bool asJson = args.has("json");

    std::vector<SumoRunResult> runs;
    for (long long k = 0; k < seeds; ++k) {
        o.seed = static_cast<std::uint64_t>(firstSeed + k);
        runs.push_back(runSumo(o));
        if (!asJson)
            std::fprintf(stderr, "seed %llu: delay %.1f s, %zu vehicles (%zu completed, %zu unfinished, %zu never inserted)%s, %.1f s\n",
                         static_cast<unsigned long long>(o.seed), runs.back().meanDelayS, runs.back().vehicles,
                         runs.back().completed, runs.back().unfinished, runs.back().neverInserted,
                         runs.back().gridlocked ? ", GRIDLOCK" : "", runs.back().wallS);
    }
    std::vector<double> delays, trips, completed;
    int gridlocked = 0;
    double vehicles = 0, never = 0, unfinished = 0, wall = 0, stall = 0;
    for (const SumoRunResult &r : runs) {
        delays.push_back(r.meanDelayS);
        trips.push_back(r.avgTripTimeS);
        completed.push_back(static_cast<double>(r.completed));
        gridlocked += r.gridlocked ? 1 : 0;
        vehicles += static_cast<double>(r.vehicles);
        never += static_cast<double>(r.neverInserted);
        unfinished += static_cast<double>(r.unfinished);
        wall += r.wallS;
        stall = std::max(stall, r.longestStallS);
    }
    const double n = static_cast<double>(runs.size());
    const double mean = std::accumulate(delays.begin(), delays.end(), 0.0) / n;
    const double med = median(delays);
    const double mn = *std::min_element(delays.begin(), delays.end());
    const double mx = *std::max_element(delays.begin(), delays.end());
    const double trip = std::accumulate(trips.begin(), trips.end(), 0.0) / n;
    const double done = std::accumulate(completed.begin(), completed.end(), 0.0) / n;
    if (asJson) {
        json::object out;
        out["sumocfg"] = o.sumocfg;
        out["controller"] = controllerName;
        out["seeds"] = seeds;
        out["first_seed"] = firstSeed;
        out["delay_s"] = json::object{{"mean", mean}, {"median", med}, {"min", mn}, {"max", mx}};
        json::array per;
        for (double d : delays)
            per.push_back(d);
        out["delay_per_seed_s"] = per;
        out["gridlocked_runs"] = gridlocked;
        out["gridlock_rule"] = "no vehicle arrived for " + std::to_string(static_cast<int>(o.stallS))
            + " s while vehicles were in the network";
        out["longest_stall_s"] = stall;
        out["avg_trip_time_s"] = trip;
        out["trips_completed"] = done;
        out["vehicles"] = vehicles / n;
        out["unfinished"] = unfinished / n;
        out["never_inserted"] = never / n;
        out["end_s"] = runs.front().endS;
        out["traffic_lights"] = runs.front().trafficLights;
        out["delay_definition"] = "timeLoss + departDelay (tripinfo, unfinished included); end - scheduled departure "
                                  "for vehicles never inserted; mean over every vehicle of the demand";
        out["wave_lead_s"] = o.tuning.waveLeadS;
        out["wave_links"] = runs.front().waveLinks;
        out["wall_s"] = wall;
        std::cout << json::serialize(out) << "\n";
    } else {
        std::printf("%s, controller %s, %lld seeds from %lld\n", o.sumocfg.c_str(), controllerName.c_str(), seeds, firstSeed);
        std::printf("  delay per vehicle (s): mean %.1f  median %.1f  min %.1f  max %.1f\n", mean, med, mn, mx);
        std::printf("  gridlocked runs: %d (no arrival for %.0f s while vehicles in the network)\n", gridlocked, o.stallS);
        std::printf("  avg trip time (completed): %.1f s   trips completed per run: %.0f of %.0f vehicles\n", trip, done,
                    vehicles / n);
        std::printf("  per run: %.0f unfinished, %.0f never inserted;  wall %.1f s\n", unfinished / n, never / n, wall);
    }
    return 0;
}

} // namespace

int runEvalSignals(int argc, char **argv)
{
    const Args args(argc, argv, 3,
                    {"sumocfg", "routes", "controller", "seeds", "first-seed", "end", "lookback", "stall", "scenario",
                     "period", "seed", "tune", "max-green", "wave-lead"},
                    {"json"});
    if (args.has("sumocfg") == args.has("scenario"))
        throw UsageError("eval signals needs exactly one of --sumocfg FILE or --scenario DIR");
    try {
        if (args.has("sumocfg"))
            return evalSumo(args);
        return evalCitySignals(args);
    } catch (const UsageError &) {
        throw;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cityops-cli: eval signals: %s\n", e.what());
        return 1;
    }
}

int runBenchSignals(int argc, char **argv)
{
    const Args args(argc, argv, 3, {"scenario", "repeat"}, {"json"});
    try {
        return benchCitySignals(args);
    } catch (const UsageError &) {
        throw;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cityops-cli: bench signals: %s\n", e.what());
        return 1;
    }
}

} // namespace cityops::cli
