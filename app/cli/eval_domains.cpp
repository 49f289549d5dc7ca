// cityops-cli eval parking | service: the parking availability forecast on a car-park CSV (the UCI
// Birmingham file or any file with its columns) against the last-value and historical-average baselines,
// and the service-centre staffing recommendation checked in the service simulator.
#include "args.h"
#include "commands.h"

#include "predict/parkingdata.h"
#include "model/scenarioloader.h"
#include "predict/parkingforecast.h"
#include "predict/serviceload.h"
#include "predict/servicestaffing.h"
#include "sim/servicesim.h"

#include <boost/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace cityops::cli {

namespace json = boost::json;
using namespace cityops::core;

namespace {

std::vector<int> parseIntList(const std::string &text, const char *what)
{
    std::vector<int> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        try {
            std::size_t used = 0;
            const int v = std::stoi(item, &used);
            if (used != item.size() || v <= 0)
                throw std::invalid_argument(item);
            out.push_back(v);
        } catch (const std::exception &) {
            throw UsageError(std::string("--") + what + ": '" + item + "' is not a positive whole number");
        }
    }
    if (out.empty())
        throw UsageError(std::string("--") + what + " needs a comma-separated list");
    return out;
}

std::string civilDate(std::int64_t day)
{
    // Inverse of days_from_civil (Howard Hinnant).
    day += 719468;
    const std::int64_t era = (day >= 0 ? day : day - 146096) / 146097;
    const auto doe = static_cast<unsigned>(day - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2)), m, d);
    return buf;
}

/// JSON has no infinity or NaN: an unstable queue's wait or an empty metric is null.
json::value num(double v)
{
    return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

json::object errorsJson(const ForecastErrors &e)
{
    return {{"mae", num(e.mae)}, {"rmse", num(e.rmse)}, {"samples", e.samples}};
}

double gainPct(double model, double baseline)
{
    return baseline > 0 ? 100.0 * (1.0 - model / baseline) : 0.0;
}

} // namespace

int runEvalParking(int argc, char **argv)
{
    const Args args(argc, argv, 3, {"csv", "horizons", "step-min", "train-fraction"}, {"json"});
    if (!args.has("csv"))
        throw UsageError("eval parking needs --csv FILE (columns SystemCodeNumber,Capacity,Occupancy,LastUpdated)");
    const std::string path = args.value("csv");
    const std::vector<int> horizons = parseIntList(args.value("horizons", "30,60"), "horizons");
    const long long stepMin = args.integer("step-min", 30);
    if (stepMin <= 0 || 1440 % stepMin != 0)
        throw UsageError("--step-min must divide 1440");
    const double trainFraction = args.number("train-fraction", 0.8);
    if (!(trainFraction > 0.0 && trainFraction < 1.0))
        throw UsageError("--train-fraction must be between 0 and 1");

    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "cityops-cli: cannot open %s\n", path.c_str());
        return 2;
    }
    std::vector<ParkingRecord> records;
    ParkingCleaning cleaning;
    std::string error;
    if (!readParkingCsv(in, records, cleaning, error)) {
        std::fprintf(stderr, "cityops-cli: %s: %s\n", path.c_str(), error.c_str());
        return 2;
    }
    ParkingGrid grid;
    ParkingEvaluation ev;
    ParkingEvalOptions options;
    options.horizonMinutes = horizons;
    options.trainFraction = trainFraction;
    try {
        grid = ParkingGrid::build(records, static_cast<int>(stepMin), cleaning);
        ev = evaluateParkingForecast(grid, options);
    } catch (const std::invalid_argument &e) {
        std::fprintf(stderr, "cityops-cli: %s: %s\n", path.c_str(), e.what());
        return 2;
    }

    if (args.has("json")) {
        json::array hs;
        for (const ParkingHorizonResult &h : ev.horizons)
            hs.push_back(json::object{{"minutes", h.minutes},
                                      {"model", errorsJson(h.model)},
                                      {"last_value", errorsJson(h.lastValue)},
                                      {"historical_average", errorsJson(h.historicalAverage)},
                                      {"gain_vs_last_value_pct", num(gainPct(h.model.mae, h.lastValue.mae))},
                                      {"gain_vs_historical_average_pct", num(gainPct(h.model.mae, h.historicalAverage.mae))},
                                      {"beats_both_by_20pct", h.model.mae <= 0.8 * h.lastValue.mae &&
                                                                  h.model.mae <= 0.8 * h.historicalAverage.mae},
                                      {"lambda", h.lambda},
                                      {"validation_mae", num(h.validationMae)}});
        json::object out{
            {"metric", "mae of the occupancy rate (occupancy / capacity)"},
            {"csv", path},
            {"step_min", stepMin},
            {"rows",
             json::object{{"total", cleaning.rows},
                          {"used", cleaning.used},
                          {"malformed", cleaning.malformed},
                          {"bad_capacity", cleaning.badCapacity},
                          {"negative", cleaning.negative},
                          {"over_capacity", cleaning.overCapacity},
                          {"duplicates", cleaning.duplicates},
                          {"snap_collisions", cleaning.snapCollisions}}},
            {"facilities", grid.facilityCount()},
            {"days", grid.dayCount()},
            {"split", json::object{{"train_days", ev.trainDays},
                                   {"validation_days", ev.validationDays},
                                   {"test_days", ev.testDays},
                                   {"test_from", civilDate(ev.firstTestDay)},
                                   {"test_to", civilDate(ev.lastTestDay)}}},
            {"horizons", hs}};
        std::puts(json::serialize(out).c_str());
        return 0;
    }
    std::printf("Parking availability forecast: %s\n", path.c_str());
    std::printf("rows %lld: used %lld; not used: malformed %lld, capacity<=0 %lld, negative %lld, over capacity %lld, "
                "duplicates %lld, snap collisions %lld\n",
                static_cast<long long>(cleaning.rows), static_cast<long long>(cleaning.used),
                static_cast<long long>(cleaning.malformed), static_cast<long long>(cleaning.badCapacity),
                static_cast<long long>(cleaning.negative), static_cast<long long>(cleaning.overCapacity),
                static_cast<long long>(cleaning.duplicates), static_cast<long long>(cleaning.snapCollisions));
    std::printf("%zu facilities, %zu days on a %lld-min grid; train %zu days (last %zu for validation), test %zu days "
                "(%s .. %s)\n",
                grid.facilityCount(), grid.dayCount(), stepMin, ev.trainDays, ev.validationDays, ev.testDays,
                civilDate(ev.firstTestDay).c_str(), civilDate(ev.lastTestDay).c_str());
    std::printf("MAE of the occupancy rate on the test days\n");
    std::printf("%8s %10s %12s %12s %10s %10s %8s %9s\n", "horizon", "model", "last value", "hist. avg", "vs LV %",
                "vs HA %", "samples", "lambda");
    for (const ParkingHorizonResult &h : ev.horizons)
        std::printf("%5d min %10.4f %12.4f %12.4f %10.1f %10.1f %8lld %9g\n", h.minutes, h.model.mae, h.lastValue.mae,
                    h.historicalAverage.mae, gainPct(h.model.mae, h.lastValue.mae),
                    gainPct(h.model.mae, h.historicalAverage.mae), static_cast<long long>(h.model.samples), h.lambda);
    return 0;
}

int runEvalService(int argc, char **argv)
{
    const Args args(argc, argv, 3, {"scenario", "target-min", "days", "minutes", "seed", "max-utilisation"}, {"json"});
    const std::string folder = args.value("scenario", std::string(CITYOPS_DEFAULT_SCENARIO));
    const double target = args.number("target-min", 20.0);
    const long long days = args.integer("days", 7);
    const long long minutes = args.integer("minutes", 30000);
    const long long seed = args.integer("seed", 1);
    const double maxUtil = args.number("max-utilisation", 0.9);
    if (!(maxUtil > 0 && maxUtil <= 1))
        throw UsageError("--max-utilisation must be in (0, 1]");
    if (!(target > 0))
        throw UsageError("--target-min must be positive");
    if (days < 4 || days > 365)
        throw UsageError("--days must be between 4 and 365 (2 test days, 1 validation day, at least 1 to fit)");
    if (minutes < 1000 || minutes > 10000000)
        throw UsageError("--minutes must be between 1000 and 10000000");

    const ScenarioLoadResult loaded = loadScenario(folder);
    if (!loaded.scenario || !loaded.scenario->city) {
        std::fprintf(stderr, "cityops-cli: cannot load scenario %s%s%s\n", folder.c_str(),
                     loaded.problems.empty() ? "" : ": ", loaded.problems.empty() ? "" : formatProblem(loaded.problems.front()).c_str());
        return 2;
    }
    const CityModel &city = *loaded.scenario->city;
    ServiceSim sim(city, static_cast<std::uint64_t>(seed));
    const std::size_t n = sim.size();
    if (n == 0) {
        std::fprintf(stderr, "cityops-cli: scenario %s has no service centres\n", folder.c_str());
        return 2;
    }

    // 1. Simulated history: per-minute readings of every centre over `days` days.
    const auto totalMin = static_cast<std::size_t>(days) * 1440;
    std::vector<std::vector<double>> arrivals(n, std::vector<double>(totalMin)), served = arrivals, open = arrivals,
                                     waiting = arrivals;
    std::vector<Reading> readings;
    for (std::size_t m = 0; m < totalMin; ++m) {
        sim.advanceMinute(double(m % 1440) / 60.0);
        readings.clear();
        sim.emitReadings(0, readings);
        for (std::size_t c = 0; c < n; ++c) {
            waiting[c][m] = readings[c].values[0];
            arrivals[c][m] = readings[c].values[1];
            served[c][m] = readings[c].values[2];
            open[c][m] = readings[c].values[3];
        }
    }
    const std::size_t testDays = 2, trainMin = (static_cast<std::size_t>(days) - testDays) * 1440;

    // 2. Arrivals forecast, 60 min ahead (arrivals in the next hour), every 30 min while open. The level's
    //    shrinkage is chosen on the last training day (profile from the days before it), then the profile
    //    is refitted on all training days and scored on the test days.
    const int horizon = 60;
    struct Scores {
        double model = 0, ha = 0, lv = 0;
        std::int64_t samples = 0;
    };
    auto score = [&](const ServiceArrivalForecaster &f, std::size_t fromMin, std::size_t toMin) {
        Scores sc;
        const int window = f.windowMin();
        for (std::size_t c = 0; c < n; ++c)
            for (std::size_t t = fromMin; t + horizon <= toMin; t += 30) {
                const int minuteOfDay = static_cast<int>(t % 1440);
                if (minuteOfDay < window || minuteOfDay + horizon > 1440)
                    continue; // same-day history and targets only
                double truth = 0, ha = 0, recent = 0;
                for (int k = 0; k < horizon; ++k) {
                    truth += arrivals[c][t + static_cast<std::size_t>(k)];
                    ha += f.profilePerMin(c, minuteOfDay + k);
                }
                for (int k = 1; k <= window; ++k)
                    recent += arrivals[c][t - static_cast<std::size_t>(k)];
                if (ha <= 0 && truth <= 0)
                    continue; // closed
                sc.model += std::abs(ha * f.level(c, minuteOfDay, recent) - truth);
                sc.ha += std::abs(ha - truth);
                sc.lv += std::abs(recent * double(horizon) / window - truth);
                ++sc.samples;
            }
        if (sc.samples) {
            sc.model /= double(sc.samples);
            sc.ha /= double(sc.samples);
            sc.lv /= double(sc.samples);
        }
        return sc;
    };
    auto firstMinutes = [&](std::size_t count) {
        std::vector<std::vector<double>> out(n);
        for (std::size_t c = 0; c < n; ++c)
            out[c].assign(arrivals[c].begin(), arrivals[c].begin() + static_cast<std::ptrdiff_t>(count));
        return out;
    };
    double bestPrior = 0, bestMae = std::numeric_limits<double>::infinity();
    for (double prior : {5.0, 20.0, 100.0, 500.0, 1e9}) {
        ServiceArrivalForecaster f(30, 60, prior);
        f.fit(firstMinutes(trainMin - 1440));
        if (const Scores sc = score(f, trainMin - 1440, trainMin); sc.model < bestMae) {
            bestMae = sc.model;
            bestPrior = prior;
        }
    }
    ServiceArrivalForecaster forecaster(30, 60, bestPrior);
    forecaster.fit(firstMinutes(trainMin));
    const Scores test = score(forecaster, trainMin, totalMin);

    // 3. Staffing at each centre's peak hour: Erlang C with the service time estimated from the readings,
    //    checked in the simulator with the recommendation and one counter fewer.
    json::array centres;
    int checked = 0, meets = 0, fewerApplicable = 0, fewerMisses = 0, overCapacity = 0, plainChecked = 0, plainMeets = 0;
    if (!args.has("json"))
        std::printf("%-8s %-10s %5s %7s %7s %4s %4s %5s %4s %9s %9s %9s %9s %5s %9s\n", "centre", "kind", "hour", "arr/h",
                    "svc min", "has", "rec", "rho", "bind", "erlang Wq", "sim Wq", "Wq c-1", "sim c-1", "plain",
                    "sim plain");
    for (std::size_t c = 0; c < n; ++c) {
        const Entity &e = city.entity(sim.entity(c));
        double peakHour = 0, peakRate = -1;
        for (int h2 = 0; h2 < 48; ++h2)
            if (const double r = sim.arrivalRate(c, h2 / 2.0); r > peakRate) {
                peakRate = r;
                peakHour = h2 / 2.0;
            }
        auto head = [&](const std::vector<double> &v) {
            return std::vector<double>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(trainMin));
        };
        const double serviceMin =
            estimateServiceMinutes(head(arrivals[c]), head(served[c]), head(waiting[c])).value_or(sim.meanServiceMin(c));
        const StaffingCheck check = checkStaffing(e, peakHour, peakRate / 60.0, serviceMin, target, 1000, maxUtil,
                                                  static_cast<std::uint64_t>(seed) + c, static_cast<int>(minutes));
        // The plain Erlang C rule (no utilisation ceiling), for comparison.
        const StaffingCheck plain = maxUtil < 1.0 ? checkStaffing(e, peakHour, peakRate / 60.0, serviceMin, target, 1000, 1.0,
                                                                  static_cast<std::uint64_t>(seed) + c, static_cast<int>(minutes))
                                                  : check;
        if (plain.recommended) {
            ++plainChecked;
            plainMeets += plain.meets;
        }
        if (check.recommended) {
            ++checked;
            meets += check.meets;
            fewerApplicable += check.fewerApplicable;
            fewerMisses += check.fewerApplicable && check.fewerMisses;
            overCapacity += *check.recommended > e.capacity;
        }
        const char *kind = sim.kind(c) == ServiceKind::Hospital ? "hospital" : "admin_hall";
        centres.push_back(json::object{{"id", e.id},
                                       {"kind", kind},
                                       {"counters", e.capacity},
                                       {"peak_hour", peakHour},
                                       {"arrivals_per_h", peakRate},
                                       {"service_min_estimated", serviceMin},
                                       {"service_min_nominal", sim.meanServiceMin(c)},
                                       {"recommended", check.recommended ? json::value(*check.recommended) : json::value(nullptr)},
                                       {"utilisation", check.recommended ? peakRate / 60.0 * serviceMin / *check.recommended : 0.0},
                                       {"wait_target_binds", check.waitBinds},
                                       {"plain_erlang_recommended", plain.recommended ? json::value(*plain.recommended) : json::value(nullptr)},
                                       {"plain_erlang_sim_wait_min", num(plain.simWaitMin)},
                                       {"erlang_wait_min", num(check.erlangWaitMin)},
                                       {"sim_wait_min", num(check.simWaitMin)},
                                       {"meets_target", check.meets},
                                       {"erlang_wait_one_fewer_min", num(check.erlangWaitFewerMin)},
                                       {"sim_wait_one_fewer_min", num(check.simWaitFewerMin)},
                                       {"one_fewer_applicable", check.fewerApplicable},
                                       {"one_fewer_misses_target", check.fewerMisses}});
        if (!args.has("json"))
            std::printf("%-8s %-10s %5.1f %7.1f %7.2f %4d %4d %5.2f %4s %9.2f %9.2f %9.2f %9.2f %5d %9.2f\n", e.id.c_str(),
                        kind, peakHour, peakRate, serviceMin, e.capacity, check.recommended.value_or(-1),
                        peakRate / 60.0 * serviceMin / std::max(1, check.recommended.value_or(1)),
                        check.waitBinds ? "wait" : "rho", check.erlangWaitMin, check.simWaitMin,
                        check.fewerApplicable ? check.erlangWaitFewerMin : NAN,
                        check.fewerApplicable ? check.simWaitFewerMin : NAN, plain.recommended.value_or(-1),
                        plain.simWaitMin);
    }
    const double mae = test.model, haMae = test.ha, lvMae = test.lv;
    const std::int64_t samples = test.samples;
    if (args.has("json")) {
        json::object out{
            {"scenario", folder},
            {"target_wait_min", target},
            {"max_utilisation", maxUtil},
            {"simulated_days", days},
            {"arrivals_forecast",
             json::object{{"horizon_min", horizon},
                          {"unit", "arrivals in the next hour"},
                          {"test_days", testDays},
                          {"samples", samples},
                          {"level_prior_arrivals", bestPrior},
                          {"model", json::object{{"mae", mae}}},
                          {"historical_average", json::object{{"mae", haMae}}},
                          {"last_value", json::object{{"mae", lvMae}}}}},
            {"staffing",
             json::object{{"centres", n},
                          {"checked", checked},
                          {"meets_target", meets},
                          {"one_fewer_applicable", fewerApplicable},
                          {"one_fewer_misses_target", fewerMisses},
                          {"recommended_above_counters_available", overCapacity},
                          {"sim_minutes_per_run", minutes},
                          {"plain_erlang_checked", plainChecked},
                          {"plain_erlang_meets_target", plainMeets},
                          {"recommendation_meets_target_everywhere", checked == static_cast<int>(n) && meets == checked}}},
            {"centres", centres}};
        std::puts(json::serialize(out).c_str());
    } else {
        std::printf("\nStaffing at the peak hour, target wait %.1f min, utilisation <= %.2f: %d/%d centres meet the "
                    "target in the simulator; where the wait target set the number, one counter fewer misses it at "
                    "%d/%d. %d recommendations exceed the counters the centre has.\n",
                    target, maxUtil, meets, checked, fewerMisses, fewerApplicable, overCapacity);
        std::printf("Plain Erlang C (utilisation up to 1): %d/%d meet the target in the simulator.\n", plainMeets,
                    plainChecked);
        std::printf("Arrivals in the next hour, %zu test days, %lld samples: MAE model %.2f (level prior %g), "
                    "historical average %.2f, last value %.2f\n",
                    testDays, static_cast<long long>(samples), mae, bestPrior, haMae, lvMae);
    }
    return 0;
}

} // namespace cityops::cli
