#include "predict/forecastmetrics.h"

#include <cmath>
#include <stdexcept>

namespace cityops::core {

void MetricAccumulator::add(double label, double prediction)
{
    if (!m_hasShift) {
        m_shift = label;
        m_hasShift = true;
    }
    const long double e = static_cast<long double>(label) - prediction;
    const long double d = static_cast<long double>(label) - m_shift;
    m_sqErr += e * e;
    m_absErr += std::fabs(e);
    m_sqLabel += static_cast<long double>(label) * label;
    m_sumShifted += d;
    m_sqShifted += d * d;
    ++m_n;
}

void MetricAccumulator::add(std::span<const double> labels, std::span<const double> predictions)
{
    if (labels.size() != predictions.size())
        throw std::invalid_argument("MetricAccumulator: labels and predictions differ in size");
    for (std::size_t k = 0; k < labels.size(); ++k)
        add(labels[k], predictions[k]);
}

void MetricAccumulator::merge(const MetricAccumulator &o)
{
    if (o.m_n == 0)
        return;
    if (m_n == 0) {
        *this = o;
        return;
    }
    // Re-express the other's shifted sums around our shift: d' = d + (o.shift - shift).
    const long double delta = static_cast<long double>(o.m_shift) - m_shift;
    m_sqShifted += o.m_sqShifted + 2 * delta * o.m_sumShifted + delta * delta * o.m_n;
    m_sumShifted += o.m_sumShifted + delta * o.m_n;
    m_sqErr += o.m_sqErr;
    m_absErr += o.m_absErr;
    m_sqLabel += o.m_sqLabel;
    m_n += o.m_n;
}

ForecastMetrics MetricAccumulator::result() const
{
    ForecastMetrics m;
    m.count = m_n;
    if (m_n == 0)
        return m;
    const long double n = m_n;
    m.rmse = static_cast<double>(std::sqrt(m_sqErr / n));
    m.mae = static_cast<double>(m_absErr / n);
    m.accuracy = m_sqLabel > 0 ? static_cast<double>(1 - std::sqrt(m_sqErr) / std::sqrt(m_sqLabel)) : 0.0;
    const long double ssTot = m_sqShifted - m_sumShifted * m_sumShifted / n;
    m.r2 = ssTot > 0 ? static_cast<double>(1 - m_sqErr / ssTot) : 0.0;
    return m;
}

ForecastMetrics computeMetrics(std::span<const double> labels, std::span<const double> predictions)
{
    MetricAccumulator acc;
    acc.add(labels, predictions);
    return acc.result();
}

} // namespace cityops::core
