// Forecast error metrics as the T-GCN paper computes them (Zhao et al. 2019, utils.evaluation): over every
// value of a block of predictions Y-hat against labels Y,
//   RMSE, MAE, accuracy = 1 - ||Y - Y-hat||_F / ||Y||_F, R^2 = 1 - sum (Y - Y-hat)^2 / sum (Y - mean(Y))^2,
// with one global mean of Y. Values are in the data's own units (speed), never normalised.
//
// Threading: plain values; no shared state.
#pragma once

#include <cstddef>
#include <span>

namespace cityops::core {

struct ForecastMetrics {
    double rmse = 0;
    double mae = 0;
    double accuracy = 0;
    double r2 = 0;
    std::size_t count = 0;
};

/// Accumulates label/prediction pairs; the mean of Y for R^2 is shifted by the first label so the
/// one-pass sums stay accurate.
class MetricAccumulator {
public:
    void add(double label, double prediction);
    void add(std::span<const double> labels, std::span<const double> predictions);
    void merge(const MetricAccumulator &other);
    ForecastMetrics result() const;
    std::size_t count() const { return m_n; }

private:
    std::size_t m_n = 0;
    bool m_hasShift = false;
    double m_shift = 0;
    long double m_sqErr = 0, m_absErr = 0, m_sqLabel = 0, m_sumShifted = 0, m_sqShifted = 0;
};

ForecastMetrics computeMetrics(std::span<const double> labels, std::span<const double> predictions);

} // namespace cityops::core
