#include "sim/surfacewater.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cityops::core {

namespace {
constexpr double kG = 9.81;
}

double WaterBalance::relativeError() const
{
    if (rain <= 0.0)
        return 0.0;
    return std::abs(rain - infiltrated - drained - (storedNow - storedStart)) / rain;
}

SurfaceWater::SurfaceWater(int cols, int rows, double dxM, double dyM, std::vector<double> terrain, double manningN)
    : m_cols(cols), m_rows(rows), m_dx(dxM), m_dy(dyM), m_n2(manningN * manningN), m_z(std::move(terrain))
    , m_h(m_z.size(), 0.0)
    , m_qx(static_cast<std::size_t>(std::max(0, cols - 1)) * static_cast<std::size_t>(rows), 0.0)
    , m_qy(static_cast<std::size_t>(cols) * static_cast<std::size_t>(std::max(0, rows - 1)), 0.0)
    , m_out(m_z.size(), 0.0)
{
}

void SurfaceWater::setCatchments(std::vector<std::uint32_t> catchmentOfCell, std::size_t catchmentCount)
{
    m_catchment = std::move(catchmentOfCell);
    m_catchmentCount = catchmentCount;
}

void SurfaceWater::setDepths(std::vector<double> h)
{
    m_h = std::move(h);
    m_hMax = maxDepth();
    resetBalance();
}

double SurfaceWater::maxDepth() const
{
    return m_h.empty() ? 0.0 : *std::max_element(m_h.begin(), m_h.end());
}

void SurfaceWater::resetBalance()
{
    m_balance = {};
    m_balance.storedStart = m_balance.storedNow = std::accumulate(m_h.begin(), m_h.end(), 0.0) * cellArea();
}

double SurfaceWater::stableTimeStep() const
{
    // Bates et al. (2010), eq. 12: dt = alpha * dx / sqrt(g * h_max).
    const double h = std::max(m_hMax, 1e-6);
    return std::min(maxTimeStep, cflAlpha * std::min(m_dx, m_dy) / std::sqrt(kG * h));
}

void SurfaceWater::advance(double seconds, double rainMps, std::span<const double> catchmentOpen,
                           std::span<double> drainedPerCatchment)
{
    double left = seconds;
    while (left > 1e-9) {
        const double dt = std::min(left, stableTimeStep());
        step(dt, rainMps, catchmentOpen, drainedPerCatchment);
        left -= dt;
    }
}

double SurfaceWater::step(double dt, double rainMps, std::span<const double> catchmentOpen, std::span<double> drained)
{
    const int C = m_cols, R = m_rows;
    const double area = cellArea();
    const bool anyWater = m_hMax > 0.0;
    double maxDischarge = 0.0;

    if (anyWater) {
        // Face discharges (m2/s): local-inertial momentum with semi-implicit friction.
        auto faceFlux = [&](double q, std::size_t a, std::size_t b, double dist) {
            const double etaA = m_z[a] + m_h[a], etaB = m_z[b] + m_h[b];
            const double hflow = std::max(etaA, etaB) - std::max(m_z[a], m_z[b]);
            if (hflow <= minFlowDepth)
                return 0.0;
            const double slope = (etaB - etaA) / dist;
            const double qn = (q - kG * hflow * dt * slope) /
                              (1.0 + kG * dt * m_n2 * std::abs(q) / (hflow * hflow * static_cast<double>(std::cbrt(static_cast<float>(hflow)))));
            maxDischarge = std::max(maxDischarge, std::abs(qn));
            return qn;
        };
        std::fill(m_out.begin(), m_out.end(), 0.0);
        for (int r = 0; r < R; ++r) {
            const std::size_t row = static_cast<std::size_t>(r) * static_cast<std::size_t>(C);
            double *qx = m_qx.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(C - 1);
            for (int c = 0; c + 1 < C; ++c) {
                const std::size_t a = row + static_cast<std::size_t>(c), b = a + 1;
                if (m_h[a] <= 0.0 && m_h[b] <= 0.0) {
                    qx[c] = 0.0;
                    continue;
                }
                const double q = faceFlux(qx[c], a, b, m_dx);
                qx[c] = q;
                if (q > 0) m_out[a] += q * m_dy * dt; else m_out[b] -= q * m_dy * dt;
            }
        }
        for (int r = 0; r + 1 < R; ++r) {
            double *qy = m_qy.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(C);
            for (int c = 0; c < C; ++c) {
                const std::size_t a = static_cast<std::size_t>(r) * static_cast<std::size_t>(C) + static_cast<std::size_t>(c);
                const std::size_t b = a + static_cast<std::size_t>(C);
                if (m_h[a] <= 0.0 && m_h[b] <= 0.0) {
                    qy[c] = 0.0;
                    continue;
                }
                const double q = faceFlux(qy[c], a, b, m_dy);
                qy[c] = q;
                if (q > 0) m_out[a] += q * m_dx * dt; else m_out[b] -= q * m_dx * dt;
            }
        }
        // Positivity: a cell never gives more than it holds; its outgoing faces are scaled down together.
        for (std::size_t i = 0; i < m_h.size(); ++i)
            m_out[i] = m_out[i] > m_h[i] * area ? (m_h[i] * area) / m_out[i] : 1.0;
        // Scale each face by its giving cell's factor, then move the same volume out of one cell and into
        // the other (one pass per direction).
        const double kx = m_dy * dt / area, ky = m_dx * dt / area;
        for (int r = 0; r < R; ++r) {
            double *qx = m_qx.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(C - 1);
            const std::size_t row = static_cast<std::size_t>(r) * static_cast<std::size_t>(C);
            for (int c = 0; c + 1 < C; ++c) {
                double q = qx[c];
                if (q == 0.0)
                    continue;
                const std::size_t a = row + static_cast<std::size_t>(c);
                q *= q > 0 ? m_out[a] : m_out[a + 1];
                qx[c] = q;
                m_h[a] -= q * kx;
                m_h[a + 1] += q * kx;
            }
        }
        for (int r = 0; r + 1 < R; ++r) {
            double *qy = m_qy.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(C);
            const std::size_t row = static_cast<std::size_t>(r) * static_cast<std::size_t>(C);
            for (int c = 0; c < C; ++c) {
                double q = qy[c];
                if (q == 0.0)
                    continue;
                const std::size_t a = row + static_cast<std::size_t>(c);
                q *= q > 0 ? m_out[a] : m_out[a + static_cast<std::size_t>(C)];
                qy[c] = q;
                m_h[a] -= q * ky;
                m_h[a + static_cast<std::size_t>(C)] += q * ky;
            }
        }
    }

    // Sources and sinks, cell by cell: rain in, then infiltration, then the inlets.
    double rainVol = 0, infVol = 0, drainVol = 0, hMax = 0, stored = 0;
    const bool pattern = !m_rainPattern.empty();
    const bool hasInf = !m_infiltration.empty(), hasDrain = !m_drainage.empty();
    for (std::size_t i = 0; i < m_h.size(); ++i) {
        double h = std::max(0.0, m_h[i]); // rounding can leave -1e-18 after the limiter
        const double rain = rainMps * dt * (pattern ? m_rainPattern[i] : 1.0);
        h += rain;
        rainVol += rain;
        if (hasInf) {
            const double inf = std::min(h, m_infiltration[i] * dt);
            h -= inf;
            infVol += inf;
        }
        if (hasDrain && h > 0.0) {
            double open = 1.0;
            std::uint32_t k = 0;
            if (!m_catchment.empty()) {
                k = m_catchment[i];
                if (!catchmentOpen.empty())
                    open = catchmentOpen[k];
            }
            const double d = std::min(h, m_drainage[i] * open * dt);
            h -= d;
            drainVol += d;
            if (!drained.empty() && !m_catchment.empty())
                drained[k] += d * area;
        }
        m_h[i] = h;
        hMax = std::max(hMax, h);
        stored += h;
    }
    m_balance.rain += rainVol * area;
    m_balance.infiltrated += infVol * area;
    m_balance.drained += drainVol * area;
    m_balance.storedNow = stored * area;
    m_hMax = hMax;
    m_maxDischarge = maxDischarge;
    ++m_steps;
    return dt;
}

} // namespace cityops::core
