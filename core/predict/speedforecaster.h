// SpeedForecaster: short-term speed forecasts for many series at once (road links, loop detectors), several
// horizons ahead, each with an uncertainty band. Trained in-process in seconds; no ML runtime.
//
// Model. One direct linear model per (series, horizon): the change from the last value,
//   y(t+k) - x(t) = w_sk . f(t, k),
// with f = the series' last `inputSteps` values, the adjacency-weighted mean of its neighbours' last
// `neighbourLags` values (all as deviations from each series' mean), the historical average (by time of
// day) at the target time, the current deviation from the historical average, and 1. Each series' weights
// are ridge-shrunk towards one pooled model fitted on every series, so a series with little or odd data
// borrows from the network and one with much data keeps its own dynamics:
//   pooled:     (sum_s X_s'X_s + a N D) w_0 = sum_s X_s'y_s
//   per series: (X_s'X_s + b N_s D) w_s = X_s'y_s + b N_s D w_0
// (D: the features' variances, so the penalty is that of standardised features; the intercept is free).
// a and b are chosen per horizon on a validation slice at the end of the training history, never on
// later data; then the model is refitted on the whole history. The band is the forecast plus the
// validation residuals' quantiles (default 10 % / 90 %), scaled per series by its validation RMSE.
//
// While training, the historical-average features of a day are computed without that day (leave one day
// out), so the model sees them as it will see them for a day it has not recorded.
//
// Incremental retraining: the model keeps its sufficient statistics (X'X, X'y per series and horizon) and
// a short tail of recent rows. append() adds one new row: the samples it completes are added to the
// statistics and the historical averages are updated; resolve() solves again with the chosen penalties
// (milliseconds for thousands of series). An optional forgetting factor lets old days fade.
//
// Threading: not thread-safe; one owner (the engine's model thread, or a job). forecast() is const and may
// run concurrently with other const calls. Copy the object to hand a trained model to another thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace cityops::core {

/// Weighted neighbours of every series (nearby sensors, links upstream and downstream).
struct SeriesGraph {
    std::vector<std::vector<std::pair<std::uint32_t, double>>> neighbours;

    /// From a dense n x n matrix (row-major): row i's non-zero off-diagonal entries are i's neighbours.
    static SeriesGraph fromDense(std::span<const double> matrix, std::size_t n);
    static SeriesGraph none(std::size_t n);
};

struct ForecasterConfig {
    int inputSteps = 12;
    std::vector<int> horizonSteps{3, 6, 12}; ///< steps ahead that get a model, ascending
    int stepsPerDay = 288;                   ///< time-of-day period in steps (288 at 5 min)
    int neighbourLags = 3;
    int haSlotSteps = 1;                     ///< steps per historical-average slot (5 at 1-min steps: 5-min slots)
    int haSmoothSlots = 1;                   ///< historical average over slot +- this many
    double validationShare = 0.2;            ///< of the training history, at its end
    std::vector<double> pooledPenalties{1e-4, 1e-2};
    std::vector<double> seriesPenalties{0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 30};
    double bandLowQuantile = 0.1;
    double bandHighQuantile = 0.9;
    double forgetting = 1.0;                 ///< per appended row, the weight left on older statistics
};

/// A history: rows time steps x cols series, row-major; row r is step firstStep + r. Time of day is
/// step mod stepsPerDay. NaN marks a missing reading.
struct SeriesHistory {
    std::size_t rows = 0, cols = 0;
    std::int64_t firstStep = 0;
    std::vector<double> values;
    const double *row(std::size_t r) const { return values.data() + r * cols; }
};

struct ForecastPoint {
    double value = 0;
    double low = 0;  ///< band, bandLowQuantile
    double high = 0; ///< band, bandHighQuantile
};

struct HorizonTrainReport {
    int steps = 0;
    double pooledPenalty = 0, seriesPenalty = 0;
    double validationRmse = 0;         ///< the chosen model on the validation slice
    double validationRmseHa = 0;       ///< historical average, same samples
    double validationRmseLast = 0;     ///< last value, same samples
    double bandLow = 0, bandHigh = 0;  ///< residual quantiles in units of each series' validation RMSE
};

struct TrainReport {
    std::size_t trainRows = 0, validationRows = 0;
    std::vector<HorizonTrainReport> horizons;
    double seconds = 0;
};

class SpeedForecaster {
public:
    SpeedForecaster(std::size_t seriesCount, SeriesGraph graph, ForecasterConfig config);

    /// Fits on a whole history: selects penalties on its last validationShare, refits on all of it.
    /// Throws std::invalid_argument if the history is too short or has the wrong width.
    TrainReport train(const SeriesHistory &history);

    /// Adds the row of step `step` (the next step after the last one seen; gaps are allowed, the tail is
    /// then restarted). Updates statistics and historical averages; weights change only on resolve().
    void append(std::span<const double> row, std::int64_t step);
    /// Solves the models again from the current statistics with the chosen penalties.
    void resolve();

    /// Forecasts every series at every horizon from `window`: the last inputSteps rows (oldest first,
    /// seriesCount values each; NaN allowed), the last one being step `lastStep`.
    /// out[h * seriesCount + s] for horizon index h (config().horizonSteps[h]).
    void forecast(std::span<const double> window, std::int64_t lastStep, std::vector<ForecastPoint> &out) const;
    /// Forecast from the rows appended or trained last (the tail). False if fewer than inputSteps rows.
    bool forecastLatest(std::vector<ForecastPoint> &out) const;

    /// Historical average of `series` for the time of day of `step` (the series' mean if never seen).
    double historicalAverage(std::size_t series, std::int64_t step) const;

    bool trained() const { return m_trained; }
    std::size_t seriesCount() const { return m_n; }
    const ForecasterConfig &config() const { return m_cfg; }
    const TrainReport &report() const { return m_report; }
    std::int64_t lastStep() const { return m_tailSteps.empty() ? 0 : m_tailSteps.back(); }

private:
    struct Data; // training matrices, see .cpp
    int featureCount() const { return m_cfg.inputSteps + m_cfg.neighbourLags + 3; }
    int slotOf(std::int64_t step) const; ///< historical-average slot of a step
    int slotCount() const { return (m_cfg.stepsPerDay + m_cfg.haSlotSteps - 1) / m_cfg.haSlotSteps; }
    void resetStatistics();
    void buildHa(const SeriesHistory &h, std::size_t rowEnd, std::vector<double> &haSum, std::vector<double> &haCount) const;
    void smoothHa(bool onlyDirty = false);
    void accumulate(const Data &d, std::size_t rowBegin, std::size_t rowEnd);
    void solveAll(const std::vector<double> &pooledPen, const std::vector<double> &seriesPen);
    void solveHorizon(std::size_t h, double pooledPen, double seriesPen, std::vector<double> &w) const;
    void neighbourMean(const double *zRow, std::size_t s, double &out) const;
    void buildFeatures(const double *const *zRows, const double *const *nbRows, std::size_t s, double haTarget,
                       double haNow, double *f) const;

    std::size_t m_n = 0;
    SeriesGraph m_graph;
    ForecasterConfig m_cfg;
    bool m_trained = false;
    TrainReport m_report;

    std::vector<double> m_mu;                 // per series: the reference level of the deviations
    std::vector<double> m_haSum, m_haCount;   // [slot * n + s], raw
    std::vector<double> m_ha;                 // smoothed historical average, deviation from mu
    std::vector<std::uint8_t> m_haDirty;      // per slot: changed since the last smoothing
    std::vector<double> m_xtx, m_xty, m_cnt, m_yty; // [(h*n+s)*d*d] upper triangle, [(h*n+s)*d], [h*n+s]
    std::vector<double> m_w;                  // [(h * n + s) * d]
    std::vector<double> m_pooledPen, m_seriesPen; // per horizon
    std::vector<double> m_scale;              // [h * n + s] validation RMSE of the series
    std::vector<double> m_bandLow, m_bandHigh; // per horizon
    // The last rows seen (deviation space z = x - mu, NaN filled), oldest first, for append/forecastLatest.
    std::vector<std::vector<double>> m_tail;
    std::vector<std::int64_t> m_tailSteps;
};

} // namespace cityops::core
