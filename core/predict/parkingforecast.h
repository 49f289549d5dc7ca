// Car-park availability forecast: the occupancy rate of each facility some grid steps ahead.
//
// Model (one per horizon): a ridge regression of the future rate on
//   [1, current rate, profile at the current slot, profile at the target slot, trend]
// where the profile is the facility's historical-average rate for that slot of the day and day type
// (weekday / Saturday / Sunday) and the trend is the change since the previous slot of the same day (0 when
// there is none). So the forecast is the profile corrected by how far today runs above or below it, and by
// its direction. One pooled model is fitted over all facilities; each facility then gets its own
// coefficients shrunk towards the pooled ones with strength lambda (large lambda: pooled), chosen per
// horizon on validation days by evaluate(). On training days the profile features are computed leaving the
// sample's own day out, so the fit does not learn to trust a profile that already contains its answer.
//
// Day boundary: forecasts are made from any slot with a reading, with the same-day history only. The first
// reading of a day has no previous slot, so its trend is 0 (the profile terms carry the morning rise); a
// target beyond the day's last slot is never formed (night readings are not in the data).
//
// Threading: fit once, then const and safe to share between threads.
#pragma once

#include "predict/parkingdata.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace cityops::core {

class ParkingForecaster {
public:
    static constexpr int kFeatures = 5;
    using Weights = std::array<double, kFeatures>;

    /// Fits profiles on `days` (indices into the grid) and one model per horizon (in grid steps), with
    /// per-horizon shrinkage `lambdas` (same size as `horizonSteps`).
    void fit(const ParkingGrid &grid, const std::vector<std::size_t> &days, const std::vector<int> &horizonSteps,
             const std::vector<double> &lambdas);

    /// Historical average rate of facility `f` at `slot` on a day of `type` (falls back to all days, then
    /// the facility's mean, then 0.5). This is also the historical-average baseline.
    double profile(std::size_t f, DayType type, int slot) const { return profileExcluding(f, type, slot, std::numeric_limits<double>::quiet_NaN()); }

    /// Forecast rate of facility `f`, `steps` grid steps after `slot`, from the current rate and the
    /// previous slot's rate (NaN if none). Clamped to [0, 1]. NaN if `steps` was not fitted.
    double forecast(std::size_t f, DayType type, int slot, int steps, double current, double previous) const;

    /// For live use: (minutes ahead, forecast rate) for every fitted horizon, at local civil time
    /// `localSeconds` (snapped to the grid like the history), from the current and previous-slot rates.
    std::vector<std::pair<double, double>> outlook(std::size_t f, std::int64_t localSeconds, double current,
                                                   double previous) const;
    /// Index of a facility by the id it had in the history, or -1.
    int facilityIndex(const std::string &id) const;

    const std::vector<int> &horizonSteps() const { return m_horizons; }
    std::size_t facilityCount() const { return m_facilities; }
    int slotsPerDay() const { return m_slots; }

private:
    double profileExcluding(std::size_t f, DayType type, int slot, double own) const;
    Weights features(std::size_t f, DayType type, int slot, int steps, double current, double previous,
                     double ownNow, double ownTarget) const;

    std::size_t m_facilities = 0;
    int m_slots = 0;
    int m_stepMin = 30;
    std::vector<std::string> m_names;
    std::vector<int> m_horizons;
    // Profile sums and counts: [f][type][slot] and all day types [f][slot], and per facility.
    std::vector<double> m_sum, m_allSum, m_facSum;
    std::vector<std::int32_t> m_cnt, m_allCnt, m_facCnt;
    std::vector<Weights> m_pooled;               ///< per horizon
    std::vector<std::vector<Weights>> m_perFacility; ///< per horizon, per facility
};

/// Error figures of one forecaster over the same samples.
struct ForecastErrors {
    double mae = 0;
    double rmse = 0;
    std::int64_t samples = 0;
};

struct ParkingHorizonResult {
    int minutes = 0;
    double lambda = 0;                 ///< shrinkage chosen on validation
    double validationMae = 0;          ///< the model's validation MAE at that lambda
    ForecastErrors model, lastValue, historicalAverage;
};

struct ParkingEvaluation {
    std::size_t trainDays = 0, validationDays = 0, testDays = 0;
    std::int64_t firstTestDay = 0, lastTestDay = 0; ///< civil days
    std::vector<ParkingHorizonResult> horizons;
};

struct ParkingEvalOptions {
    std::vector<int> horizonMinutes{30, 60};
    double trainFraction = 0.8;      ///< of the days, chronologically; the rest is the test
    double validationFraction = 0.2; ///< the last part of the training days, for choosing lambda
    std::vector<double> lambdas{0.01, 0.1, 1, 10, 100, 1000, 1e6};
};

/// Chronological split by day, lambda chosen on validation, refit on all training days, scored on the test
/// days next to the last-value and historical-average baselines on exactly the same samples.
/// Throws std::invalid_argument if the grid is too small or a horizon is not a whole number of steps.
ParkingEvaluation evaluateParkingForecast(const ParkingGrid &grid, const ParkingEvalOptions &options);

} // namespace cityops::core
