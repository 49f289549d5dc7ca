// cityops-cli eval forecast: link-speed forecasts on a wide CSV (one column per sensor, one row per step),
// following the T-GCN paper's protocol (Zhao et al. 2019, input_data.preprocess_data): the first
// int(rows x 0.8) rows train, the rest test; test samples are sliding windows of input + horizon steps taken
// inside the test part only; a horizon of H minutes (P = H / interval steps) is scored over all P steps of
// every sample, as T-GCN scores its pre_len outputs. The model sees only the training rows (its
// penalties come from the last 20 % of them); the baselines, historical average by time of day (from the
// training rows) and last value, are scored on the same samples in the same run.
//
// `--score-predictions F --horizons H` scores someone else's predictions instead (a headerless CSV with
// one row per (sample, step), sample-major, like T-GCN's test_result.csv) against the same labels.
#include "args.h"
#include "commands.h"

#include "predict/forecastmetrics.h"
#include "predict/speedforecaster.h"
#include "predict/widecsv.h"

#include <utility>
#include <boost/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace cityops::cli {

namespace {

namespace json = boost::json;

std::vector<int> parseHorizons(const std::string &text, int intervalMin)
{
    std::vector<int> minutes;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        std::size_t used = 0;
        int m = 0;
        try {
            m = std::stoi(item, &used);
        } catch (const std::exception &) {
            used = 0;
        }
        if (used != item.size() || m <= 0)
            throw UsageError("--horizons expects positive whole minutes separated by commas, got '" + text + "'");
        if (m % intervalMin != 0)
            throw UsageError("horizon " + std::to_string(m) + " min is not a multiple of --interval-min " +
                             std::to_string(intervalMin));
        if (!minutes.empty() && m <= minutes.back())
            throw UsageError("--horizons must be ascending");
        minutes.push_back(m);
    }
    if (minutes.empty())
        throw UsageError("--horizons is empty");
    return minutes;
}

json::object metricsJson(const core::ForecastMetrics &m)
{
    return {{"rmse", m.rmse}, {"mae", m.mae}, {"accuracy", m.accuracy}, {"r2", m.r2}};
}

} // namespace

int runEvalForecast(int argc, char **argv)
{
    const Args args(argc, argv, 3,
                    {"csv", "adj", "interval-min", "horizons", "input-steps", "train-share", "series",
                     "score-predictions"},
                    {"json", "help"});
    if (args.has("help")) {
        std::puts("cityops-cli eval forecast --csv F [--adj F] [--interval-min 5] [--horizons 15,30,45,60]\n"
                  "  [--input-steps 12] [--train-share 0.8] [--series N] [--score-predictions F] [--json]\n"
                  "F: a header of sensor ids, one row per time step; --adj: an n x n matrix without header (row i\n"
                  "lists i's neighbours). T-GCN protocol: first int(rows x 0.8) rows train, windows inside the rest\n"
                  "test, a horizon is scored over all of its steps. --series N keeps the first N sensors;\n"
                  "--score-predictions scores a (sample, step)-ordered prediction file instead of the model.");
        return 0;
    }
    if (!args.has("csv"))
        throw UsageError("--csv FILE is required (a header of sensor ids, one row per time step)");
    const long long intervalLL = args.integer("interval-min", 5);
    if (intervalLL <= 0 || intervalLL > 1440)
        throw UsageError("--interval-min must be between 1 and 1440");
    const int interval = static_cast<int>(intervalLL);
    const std::vector<int> horizons = parseHorizons(args.value("horizons", "15,30,45,60"), interval);
    const long long inputLL = args.integer("input-steps", 12);
    if (inputLL < 1 || inputLL > 1000)
        throw UsageError("--input-steps must be between 1 and 1000");
    const int L = static_cast<int>(inputLL);
    const double trainShare = args.number("train-share", 0.8);
    if (!(trainShare > 0 && trainShare < 1))
        throw UsageError("--train-share must be between 0 and 1");

    core::WideTable table = core::readWideCsv(args.value("csv"), true);
    std::size_t n = table.cols();
    if (args.has("series")) { // the first N series only (quick runs, tests)
        const long long want = args.integer("series", 0);
        if (want < 1)
            throw UsageError("--series must be positive");
        if (static_cast<std::size_t>(want) < n) {
            core::WideTable cut;
            cut.ids.assign(table.ids.begin(), table.ids.begin() + want);
            cut.rowCount = table.rowCount;
            for (std::size_t r = 0; r < table.rows(); ++r)
                cut.values.insert(cut.values.end(), table.row(r), table.row(r) + want);
            table = std::move(cut);
            n = table.cols();
        }
    }
    const std::size_t rows = table.rows();
    const auto trainRows = static_cast<std::size_t>(static_cast<double>(rows) * trainShare); // int() as T-GCN
    const std::size_t testRows = rows - trainRows;
    const auto maxP = static_cast<std::size_t>(horizons.back() / interval);
    if (testRows <= static_cast<std::size_t>(L) + maxP)
        throw std::runtime_error("the test part has " + std::to_string(testRows) + " rows, fewer than input " +
                                 std::to_string(L) + " + horizon " + std::to_string(maxP) + " steps + 1");
    // Labels of sample i, step j (1-based): test row i + L + j - 1. T-GCN's range(len - L - P) samples.
    auto samplesFor = [&](std::size_t P) { return testRows - static_cast<std::size_t>(L) - P; };
    auto label = [&](std::size_t i, std::size_t j, std::size_t s) {
        return table.at(trainRows + i + static_cast<std::size_t>(L) + j - 1, s);
    };

    if (args.has("score-predictions")) {
        const core::WideTable pred = core::readWideCsv(args.value("score-predictions"), false);
        json::array hs;
        for (int minutes : horizons) {
            const auto P = static_cast<std::size_t>(minutes / interval);
            const std::size_t samples = samplesFor(P);
            if (pred.cols() != n || pred.rows() != samples * P)
                throw std::runtime_error("predictions are " + std::to_string(pred.rows()) + " x " +
                                         std::to_string(pred.cols()) + ", expected " + std::to_string(samples * P) +
                                         " x " + std::to_string(n) + " for " + std::to_string(minutes) + " min");
            core::MetricAccumulator acc;
            for (std::size_t i = 0; i < samples; ++i)
                for (std::size_t j = 1; j <= P; ++j)
                    for (std::size_t s = 0; s < n; ++s)
                        acc.add(label(i, j, s), pred.at(i * P + j - 1, s));
            const auto m = acc.result();
            hs.push_back(json::object{{"minutes", minutes}, {"samples", samples}, {"predictions", metricsJson(m)}});
            if (!args.has("json"))
                std::printf("%3d min  %zu samples  RMSE %.5f  MAE %.5f  accuracy %.5f  R2 %.5f\n", minutes, samples,
                            m.rmse, m.mae, m.accuracy, m.r2);
        }
        if (args.has("json"))
            std::puts(json::serialize(json::object{{"horizons", hs}}).c_str());
        return 0;
    }

    core::SeriesGraph graph = core::SeriesGraph::none(n);
    if (args.has("adj")) {
        const core::WideTable adj = core::readWideCsv(args.value("adj"), false);
        if (adj.cols() < n || adj.rows() < n || adj.cols() != adj.rows() || (adj.cols() != table.cols() && !args.has("series")))
            throw std::runtime_error("adjacency is " + std::to_string(adj.rows()) + " x " + std::to_string(adj.cols()) +
                                     ", expected " + std::to_string(table.cols()) + " x " + std::to_string(table.cols()));
        std::vector<double> dense(n * n);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                dense[i * n + j] = adj.at(i, j);
        graph = core::SeriesGraph::fromDense(dense, n);
    }

    core::ForecasterConfig config;
    config.inputSteps = L;
    config.horizonSteps.clear();
    for (std::size_t k = 1; k <= maxP; ++k) // every step: a horizon is scored over all its steps
        config.horizonSteps.push_back(static_cast<int>(k));
    config.stepsPerDay = std::max(1, static_cast<int>(std::lround(1440.0 / interval)));
    core::SpeedForecaster model(n, std::move(graph), config);

    core::SeriesHistory history;
    history.rows = trainRows;
    history.cols = n;
    history.firstStep = 0;
    history.values.assign(table.values.begin(), table.values.begin() + static_cast<std::ptrdiff_t>(trainRows * n));
    const core::TrainReport report = model.train(history);

    // Forecast every test sample once (all steps), then score each horizon over its steps.
    const std::size_t samplesMax = samplesFor(1);
    const auto forecastStart = std::chrono::steady_clock::now();
    std::vector<std::vector<core::ForecastPoint>> predictions(samplesMax);
    std::vector<double> window(static_cast<std::size_t>(L) * n);
    for (std::size_t i = 0; i < samplesMax; ++i) {
        std::copy_n(table.row(trainRows + i), static_cast<std::size_t>(L) * n, window.begin());
        model.forecast(window, static_cast<std::int64_t>(trainRows + i + static_cast<std::size_t>(L) - 1), predictions[i]);
    }
    const double forecastSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - forecastStart).count();

    json::array hs;
    struct Row {
        int minutes;
        core::ForecastMetrics model, ha, last, modelAt, haAt, lastAt;
        double coverage, coverageAt;
    };
    std::vector<Row> printed;
    for (int minutes : horizons) {
        const auto P = static_cast<std::size_t>(minutes / interval);
        const std::size_t samples = samplesFor(P);
        core::MetricAccumulator mAll, hAll, lAll, mAt, hAt, lAt;
        double inside = 0, insideAt = 0, total = 0, totalAt = 0;
        for (std::size_t i = 0; i < samples; ++i) {
            const std::int64_t lastStep = static_cast<std::int64_t>(trainRows + i + static_cast<std::size_t>(L) - 1);
            for (std::size_t j = 1; j <= P; ++j)
                for (std::size_t s = 0; s < n; ++s) {
                    const double y = label(i, j, s);
                    const core::ForecastPoint &fp = predictions[i][(j - 1) * n + s];
                    const double ha = model.historicalAverage(s, lastStep + static_cast<std::int64_t>(j));
                    const double lv = window.empty() ? 0 : table.at(trainRows + i + static_cast<std::size_t>(L) - 1, s);
                    mAll.add(y, fp.value);
                    hAll.add(y, ha);
                    lAll.add(y, lv);
                    const bool in = y >= fp.low && y <= fp.high;
                    inside += in;
                    total += 1;
                    if (j == P) {
                        mAt.add(y, fp.value);
                        hAt.add(y, ha);
                        lAt.add(y, lv);
                        insideAt += in;
                        totalAt += 1;
                    }
                }
        }
        Row row{minutes, mAll.result(), hAll.result(), lAll.result(), mAt.result(), hAt.result(), lAt.result(),
                total > 0 ? inside / total : 0, totalAt > 0 ? insideAt / totalAt : 0};
        printed.push_back(row);
        hs.push_back(json::object{
            {"minutes", minutes},
            {"steps", P},
            {"samples", samples},
            {"model", metricsJson(row.model)},
            {"historical_average", metricsJson(row.ha)},
            {"last_value", metricsJson(row.last)},
            {"at_horizon_step", json::object{{"model", metricsJson(row.modelAt)},
                                             {"historical_average", metricsJson(row.haAt)},
                                             {"last_value", metricsJson(row.lastAt)}}},
            {"band", json::object{{"low_quantile", config.bandLowQuantile},
                                  {"high_quantile", config.bandHighQuantile},
                                  {"coverage", row.coverage},
                                  {"coverage_at_horizon_step", row.coverageAt}}}});
    }

    if (args.has("json")) {
        json::array selected;
        for (const auto &h : report.horizons)
            selected.push_back(json::object{{"steps", h.steps},
                                            {"pooled_penalty", h.pooledPenalty},
                                            {"series_penalty", h.seriesPenalty},
                                            {"validation_rmse", h.validationRmse},
                                            {"validation_rmse_historical_average", h.validationRmseHa},
                                            {"validation_rmse_last_value", h.validationRmseLast}});
        json::object out{{"horizons", hs},
                         {"training_seconds", report.seconds},
                         {"forecast_seconds", forecastSeconds},
                         {"series", n},
                         {"rows", rows},
                         {"train_rows", trainRows},
                         {"validation_rows", report.validationRows},
                         {"test_rows", testRows},
                         {"input_steps", L},
                         {"interval_min", interval},
                         {"adjacency", args.has("adj")},
                         {"protocol", "T-GCN: 80/20 chronological split, sliding windows inside the test part, a "
                                      "horizon scored over all of its steps; penalties chosen on the last 20% of "
                                      "the training rows"},
                         {"model_selection", selected}};
        std::puts(json::serialize(out).c_str());
    } else {
        std::printf("%zu series, %zu rows (%zu train, of which %zu validation; %zu test), input %d steps of %d min\n",
                    n, rows, trainRows, report.validationRows, testRows, L, interval);
        std::printf("training %.2f s, forecasting the test part %.2f s\n", report.seconds, forecastSeconds);
        std::printf("%-8s %-20s %9s %9s %9s %9s\n", "horizon", "model", "RMSE", "MAE", "accuracy", "R2");
        for (const Row &r : printed) {
            const std::pair<const char *, const core::ForecastMetrics *> lines[] = {
                {"cityops", &r.model}, {"historical avg", &r.ha}, {"last value", &r.last}};
            for (const auto &[name, m] : lines)
                std::printf("%3d min   %-20s %9.4f %9.4f %9.4f %9.4f\n", r.minutes, name, m->rmse, m->mae, m->accuracy,
                            m->r2);
            std::printf("          band %.0f-%.0f %%: coverage %.3f (at the horizon step %.3f)\n",
                        config.bandLowQuantile * 100, config.bandHighQuantile * 100, r.coverage, r.coverageAt);
        }
    }
    return 0;
}

} // namespace cityops::cli
