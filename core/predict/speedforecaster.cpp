#include "predict/speedforecaster.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cityops::core {

namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

/// Solves M x = rhs for symmetric positive definite M (d x d, full storage, overwritten) by Cholesky.
/// Adds a little to the diagonal and retries if M is not numerically positive definite.
bool choleskySolve(std::vector<double> &m, std::vector<double> &rhs, int d, std::vector<double> &l)
{
    for (int attempt = 0; attempt < 4; ++attempt) {
        l.assign(m.begin(), m.end());
        bool ok = true;
        for (int j = 0; j < d && ok; ++j) {
            double s = l[j * d + j];
            for (int k = 0; k < j; ++k)
                s -= l[j * d + k] * l[j * d + k];
            if (!(s > 0)) {
                ok = false;
                break;
            }
            const double ljj = std::sqrt(s);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; ++i) {
                double t = l[i * d + j];
                for (int k = 0; k < j; ++k)
                    t -= l[i * d + k] * l[j * d + k];
                l[i * d + j] = t / ljj;
            }
        }
        if (ok) {
            for (int i = 0; i < d; ++i) { // forward
                double t = rhs[i];
                for (int k = 0; k < i; ++k)
                    t -= l[i * d + k] * rhs[k];
                rhs[i] = t / l[i * d + i];
            }
            for (int i = d - 1; i >= 0; --i) { // backward
                double t = rhs[i];
                for (int k = i + 1; k < d; ++k)
                    t -= l[k * d + i] * rhs[k];
                rhs[i] = t / l[i * d + i];
            }
            return true;
        }
        double trace = 0;
        for (int j = 0; j < d; ++j)
            trace += std::abs(m[j * d + j]);
        const double jitter = std::max(1e-12, trace / d * std::pow(10.0, -8 + 2 * attempt));
        for (int j = 0; j < d; ++j)
            m[j * d + j] += jitter;
    }
    std::fill(rhs.begin(), rhs.end(), 0.0);
    return false;
}

double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
    const double a = v[lo];
    if (lo + 1 >= v.size())
        return a;
    const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
    return a + (b - a) * (pos - static_cast<double>(lo));
}

} // namespace

SeriesGraph SeriesGraph::fromDense(std::span<const double> matrix, std::size_t n)
{
    if (matrix.size() != n * n)
        throw std::invalid_argument("adjacency matrix is not " + std::to_string(n) + " x " + std::to_string(n));
    SeriesGraph g;
    g.neighbours.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (i != j && matrix[i * n + j] != 0 && std::isfinite(matrix[i * n + j]))
                g.neighbours[i].emplace_back(static_cast<std::uint32_t>(j), std::abs(matrix[i * n + j]));
    return g;
}

SeriesGraph SeriesGraph::none(std::size_t n)
{
    SeriesGraph g;
    g.neighbours.resize(n);
    return g;
}

// Training matrices in deviation space, all rows x n: z = x - mu (gaps filled), nb = neighbour mean of z,
// ha = historical average deviation for the row's time of day as the model will see it.
struct SpeedForecaster::Data {
    std::size_t rows = 0;
    std::int64_t firstStep = 0;
    std::vector<double> z, nb, ha;
};

SpeedForecaster::SpeedForecaster(std::size_t seriesCount, SeriesGraph graph, ForecasterConfig config)
    : m_n(seriesCount)
    , m_graph(std::move(graph))
    , m_cfg(std::move(config))
{
    if (m_graph.neighbours.empty())
        m_graph.neighbours.resize(m_n);
    if (m_graph.neighbours.size() != m_n)
        throw std::invalid_argument("SpeedForecaster: graph has " + std::to_string(m_graph.neighbours.size()) +
                                    " series, expected " + std::to_string(m_n));
    for (const auto &nbs : m_graph.neighbours)
        for (const auto &[j, w] : nbs)
            if (j >= m_n)
                throw std::invalid_argument("SpeedForecaster: neighbour index out of range");
    if (m_n == 0 || m_cfg.inputSteps < 1 || m_cfg.horizonSteps.empty() || m_cfg.stepsPerDay < 1 ||
        m_cfg.haSlotSteps < 1 || m_cfg.haSlotSteps > m_cfg.stepsPerDay ||
        m_cfg.neighbourLags < 0 || m_cfg.neighbourLags > m_cfg.inputSteps)
        throw std::invalid_argument("SpeedForecaster: bad configuration");
    if (!std::is_sorted(m_cfg.horizonSteps.begin(), m_cfg.horizonSteps.end()) || m_cfg.horizonSteps.front() < 1)
        throw std::invalid_argument("SpeedForecaster: horizons must be ascending and positive");
    if (m_cfg.pooledPenalties.empty() || m_cfg.seriesPenalties.empty())
        throw std::invalid_argument("SpeedForecaster: empty penalty grid");
    const std::size_t nh = m_cfg.horizonSteps.size();
    m_mu.assign(m_n, 0.0);
    m_haSum.assign(static_cast<std::size_t>(slotCount()) * m_n, 0.0);
    m_haCount.assign(m_haSum.size(), 0.0);
    m_ha.assign(m_haSum.size(), 0.0);
    m_haDirty.assign(static_cast<std::size_t>(slotCount()), 0);
    m_pooledPen.assign(nh, m_cfg.pooledPenalties.front());
    m_seriesPen.assign(nh, m_cfg.seriesPenalties[m_cfg.seriesPenalties.size() / 2]);
    m_scale.assign(nh * m_n, 1.0);
    m_bandLow.assign(nh, -1.28);
    m_bandHigh.assign(nh, 1.28);
    resetStatistics();
    m_w.assign(nh * m_n * static_cast<std::size_t>(featureCount()), 0.0);
}

int SpeedForecaster::slotOf(std::int64_t step) const
{
    const std::int64_t p = m_cfg.stepsPerDay;
    return static_cast<int>(((step % p) + p) % p) / m_cfg.haSlotSteps;
}

void SpeedForecaster::resetStatistics()
{
    const std::size_t d = static_cast<std::size_t>(featureCount());
    const std::size_t units = m_cfg.horizonSteps.size() * m_n;
    m_xtx.assign(units * d * d, 0.0);
    m_xty.assign(units * d, 0.0);
    m_cnt.assign(units, 0.0);
    m_yty.assign(units, 0.0);
}

void SpeedForecaster::smoothHa(bool onlyDirty)
{
    const int p = slotCount(), w = std::min(m_cfg.haSmoothSlots, (p - 1) / 2);
    std::vector<std::uint8_t> redo(static_cast<std::size_t>(p), onlyDirty ? 0 : 1);
    if (onlyDirty)
        for (int slot = 0; slot < p; ++slot)
            if (m_haDirty[static_cast<std::size_t>(slot)])
                for (int o = -w; o <= w; ++o)
                    redo[static_cast<std::size_t>((slot + o + p) % p)] = 1;
    std::fill(m_haDirty.begin(), m_haDirty.end(), 0);
    for (int slot = 0; slot < p; ++slot) {
        if (!redo[static_cast<std::size_t>(slot)])
            continue;
        for (std::size_t s = 0; s < m_n; ++s) {
            double sum = 0, cnt = 0;
            for (int o = -w; o <= w; ++o) {
                const std::size_t q = static_cast<std::size_t>((slot + o + p) % p) * m_n + s;
                sum += m_haSum[q];
                cnt += m_haCount[q];
            }
            m_ha[static_cast<std::size_t>(slot) * m_n + s] = cnt > 0 ? sum / cnt - m_mu[s] : 0.0;
        }
    }
}

double SpeedForecaster::historicalAverage(std::size_t series, std::int64_t step) const
{
    return m_mu[series] + m_ha[static_cast<std::size_t>(slotOf(step)) * m_n + series];
}

void SpeedForecaster::neighbourMean(const double *zRow, std::size_t s, double &out) const
{
    const auto &nbs = m_graph.neighbours[s];
    if (nbs.empty()) {
        out = zRow[s];
        return;
    }
    double sum = 0, wsum = 0;
    for (const auto &[j, w] : nbs) {
        sum += w * zRow[j];
        wsum += w;
    }
    out = wsum > 0 ? sum / wsum : zRow[s];
}

void SpeedForecaster::buildFeatures(const double *const *zRows, const double *const *nbRows, std::size_t s,
                                    double haTarget, double haNow, double *f) const
{
    const int L = m_cfg.inputSteps, NL = m_cfg.neighbourLags;
    for (int j = 0; j < L; ++j)
        f[j] = zRows[j][s];
    for (int j = 0; j < NL; ++j)
        f[L + j] = nbRows[j][s];
    f[L + NL] = haTarget;
    f[L + NL + 1] = zRows[0][s] - haNow;
    f[L + NL + 2] = 1.0;
}

void SpeedForecaster::accumulate(const Data &data, std::size_t rowBegin, std::size_t rowEnd)
{
    const int d = featureCount(), L = m_cfg.inputSteps;
    const std::size_t n = m_n;
    std::vector<const double *> zr(static_cast<std::size_t>(L)), nr(static_cast<std::size_t>(L));
    std::vector<double> f(static_cast<std::size_t>(d));
    for (std::size_t h = 0; h < m_cfg.horizonSteps.size(); ++h) {
        const auto k = static_cast<std::size_t>(m_cfg.horizonSteps[h]);
        const std::size_t first = std::max(rowBegin, static_cast<std::size_t>(L - 1) + k);
        for (std::size_t r = first; r < rowEnd; ++r) {
            const std::size_t t = r - k;
            for (int j = 0; j < L; ++j) {
                zr[static_cast<std::size_t>(j)] = data.z.data() + (t - static_cast<std::size_t>(j)) * n;
                nr[static_cast<std::size_t>(j)] = data.nb.data() + (t - static_cast<std::size_t>(j)) * n;
            }
            for (std::size_t s = 0; s < n; ++s) {
                buildFeatures(zr.data(), nr.data(), s, data.ha[r * n + s], data.ha[t * n + s], f.data());
                const double y = data.z[r * n + s] - data.z[t * n + s];
                const std::size_t unit = h * n + s;
                double *a = m_xtx.data() + unit * static_cast<std::size_t>(d * d);
                double *b = m_xty.data() + unit * static_cast<std::size_t>(d);
                for (int i = 0; i < d; ++i) {
                    const double fi = f[static_cast<std::size_t>(i)];
                    double *ai = a + i * d;
                    for (int j = i; j < d; ++j)
                        ai[j] += fi * f[static_cast<std::size_t>(j)];
                    b[i] += fi * y;
                }
                m_yty[unit] += y * y;
                m_cnt[unit] += 1;
            }
        }
    }
}

void SpeedForecaster::solveHorizon(std::size_t h, double pooledPen, double seriesPen, std::vector<double> &w) const
{
    const int d = featureCount();
    const auto dd = static_cast<std::size_t>(d * d);
    const std::size_t n = m_n;
    std::vector<double> a0(dd, 0.0), b0(static_cast<std::size_t>(d), 0.0);
    double n0 = 0;
    for (std::size_t s = 0; s < n; ++s) {
        const std::size_t unit = h * n + s;
        const double *a = m_xtx.data() + unit * dd;
        for (std::size_t q = 0; q < dd; ++q)
            a0[q] += a[q];
        for (int i = 0; i < d; ++i)
            b0[static_cast<std::size_t>(i)] += m_xty[unit * static_cast<std::size_t>(d) + static_cast<std::size_t>(i)];
        n0 += m_cnt[unit];
    }
    w.assign(n * static_cast<std::size_t>(d), 0.0);
    if (n0 <= 0)
        return;
    auto mirror = [d](std::vector<double> &m) {
        for (int i = 0; i < d; ++i)
            for (int j = 0; j < i; ++j)
                m[static_cast<std::size_t>(i * d + j)] = m[static_cast<std::size_t>(j * d + i)];
    };
    mirror(a0);
    // Feature variances over all series: the penalty of standardised features. The intercept is free.
    std::vector<double> var(static_cast<std::size_t>(d), 0.0);
    const int c = d - 1;
    for (int i = 0; i < c; ++i) {
        const double mean = a0[static_cast<std::size_t>(i * d + c)] / n0;
        var[static_cast<std::size_t>(i)] = std::max(1e-9, a0[static_cast<std::size_t>(i * d + i)] / n0 - mean * mean);
    }
    std::vector<double> m(a0), w0(b0), scratch(dd);
    for (int i = 0; i < c; ++i)
        m[static_cast<std::size_t>(i * d + i)] += pooledPen * n0 * var[static_cast<std::size_t>(i)];
    choleskySolve(m, w0, d, scratch);
    std::vector<double> rhs(static_cast<std::size_t>(d));
    for (std::size_t s = 0; s < n; ++s) {
        const std::size_t unit = h * n + s;
        double *ws = w.data() + s * static_cast<std::size_t>(d);
        const double ns = m_cnt[unit];
        if (ns <= 0) {
            std::copy(w0.begin(), w0.end(), ws);
            continue;
        }
        const double *a = m_xtx.data() + unit * dd;
        std::copy(a, a + dd, m.begin());
        mirror(m);
        for (int i = 0; i < d; ++i)
            rhs[static_cast<std::size_t>(i)] = m_xty[unit * static_cast<std::size_t>(d) + static_cast<std::size_t>(i)];
        for (int i = 0; i < c; ++i) {
            const double pen = seriesPen * ns * var[static_cast<std::size_t>(i)];
            m[static_cast<std::size_t>(i * d + i)] += pen;
            rhs[static_cast<std::size_t>(i)] += pen * w0[static_cast<std::size_t>(i)];
        }
        choleskySolve(m, rhs, d, scratch);
        std::copy(rhs.begin(), rhs.end(), ws);
    }
}

void SpeedForecaster::solveAll(const std::vector<double> &pooledPen, const std::vector<double> &seriesPen)
{
    const auto d = static_cast<std::size_t>(featureCount());
    std::vector<double> w;
    for (std::size_t h = 0; h < m_cfg.horizonSteps.size(); ++h) {
        solveHorizon(h, pooledPen[h], seriesPen[h], w);
        std::copy(w.begin(), w.end(), m_w.begin() + static_cast<std::ptrdiff_t>(h * m_n * d));
    }
}

void SpeedForecaster::buildHa(const SeriesHistory &hist, std::size_t rowEnd, std::vector<double> &haSum,
                              std::vector<double> &haCount) const
{
    haSum.assign(static_cast<std::size_t>(slotCount()) * m_n, 0.0);
    haCount.assign(haSum.size(), 0.0);
    for (std::size_t r = 0; r < rowEnd; ++r) {
        const std::size_t base = static_cast<std::size_t>(slotOf(hist.firstStep + static_cast<std::int64_t>(r))) * m_n;
        const double *x = hist.row(r);
        for (std::size_t s = 0; s < m_n; ++s)
            if (std::isfinite(x[s])) {
                haSum[base + s] += x[s];
                haCount[base + s] += 1;
            }
    }
}

TrainReport SpeedForecaster::train(const SeriesHistory &hist)
{
    const auto clockStart = std::chrono::steady_clock::now();
    if (hist.cols != m_n || hist.values.size() != hist.rows * hist.cols)
        throw std::invalid_argument("SpeedForecaster::train: history has " + std::to_string(hist.cols) +
                                    " series, expected " + std::to_string(m_n));
    const std::size_t n = m_n, T = hist.rows;
    const int L = m_cfg.inputSteps, d = featureCount(), P = m_cfg.stepsPerDay, S = slotCount();
    const auto maxK = static_cast<std::size_t>(m_cfg.horizonSteps.back());
    const std::size_t window = static_cast<std::size_t>(L) + maxK;
    if (T < 2 * window)
        throw std::invalid_argument("SpeedForecaster::train: " + std::to_string(T) + " rows, need at least " +
                                    std::to_string(2 * window));
    const std::size_t nh = m_cfg.horizonSteps.size();

    // Builds the deviation-space matrices of rows [0, T) with mu and historical averages from rows
    // [0, fitEnd): leave-one-day-out inside the fit part, the plain average beyond it.
    auto prepare = [&](std::size_t fitEnd, Data &data) {
        data.rows = T;
        data.firstStep = hist.firstStep;
        for (std::size_t s = 0; s < n; ++s) {
            double sum = 0, cnt = 0;
            for (std::size_t r = 0; r < fitEnd; ++r)
                if (std::isfinite(hist.row(r)[s])) {
                    sum += hist.row(r)[s];
                    cnt += 1;
                }
            m_mu[s] = cnt > 0 ? sum / cnt : 0.0;
        }
        buildHa(hist, fitEnd, m_haSum, m_haCount);
        smoothHa();
        data.z.assign(T * n, 0.0);
        for (std::size_t r = 0; r < T; ++r)
            for (std::size_t s = 0; s < n; ++s) {
                const double x = hist.row(r)[s];
                const std::int64_t step = hist.firstStep + static_cast<std::int64_t>(r);
                data.z[r * n + s] = std::isfinite(x) ? x - m_mu[s]
                                    : r > 0 ? data.z[(r - 1) * n + s]
                                            : m_ha[static_cast<std::size_t>(slotOf(step)) * n + s];
            }
        data.nb.assign(T * n, 0.0);
        for (std::size_t r = 0; r < T; ++r)
            for (std::size_t s = 0; s < n; ++s)
                neighbourMean(data.z.data() + r * n, s, data.nb[r * n + s]);
        // Per-day sums for leaving the row's own day out.
        const std::int64_t day0 = floorDiv(hist.firstStep, P);
        const auto days = static_cast<std::size_t>(floorDiv(hist.firstStep + static_cast<std::int64_t>(fitEnd) - 1, P) - day0 + 1);
        std::vector<double> daySum(days * static_cast<std::size_t>(S) * n, 0.0), dayCnt(daySum.size(), 0.0);
        for (std::size_t r = 0; r < fitEnd; ++r) {
            const std::int64_t step = hist.firstStep + static_cast<std::int64_t>(r);
            const auto dayIdx = static_cast<std::size_t>(floorDiv(step, P) - day0);
            const std::size_t base = (dayIdx * static_cast<std::size_t>(S) + static_cast<std::size_t>(slotOf(step))) * n;
            for (std::size_t s = 0; s < n; ++s)
                if (std::isfinite(hist.row(r)[s])) {
                    daySum[base + s] += hist.row(r)[s];
                    dayCnt[base + s] += 1;
                }
        }
        const int w = std::min(m_cfg.haSmoothSlots, (S - 1) / 2);
        data.ha.assign(T * n, 0.0);
        for (std::size_t r = 0; r < T; ++r) {
            const std::int64_t step = hist.firstStep + static_cast<std::int64_t>(r);
            const int slot = slotOf(step);
            if (r >= fitEnd) {
                std::copy_n(m_ha.data() + static_cast<std::size_t>(slot) * n, n, data.ha.data() + r * n);
                continue;
            }
            const auto dayIdx = static_cast<std::size_t>(floorDiv(step, P) - day0);
            for (std::size_t s = 0; s < n; ++s) {
                double sum = 0, cnt = 0;
                for (int o = -w; o <= w; ++o) {
                    const auto q = static_cast<std::size_t>((slot + o + S) % S);
                    const std::size_t dq = (dayIdx * static_cast<std::size_t>(S) + q) * n + s;
                    sum += m_haSum[q * n + s] - daySum[dq];
                    cnt += m_haCount[q * n + s] - dayCnt[dq];
                }
                data.ha[r * n + s] = cnt > 0.5 ? sum / cnt - m_mu[s] : 0.0;
            }
        }
    };

    TrainReport report;
    std::size_t valRows = static_cast<std::size_t>(std::llround(m_cfg.validationShare * static_cast<double>(T)));
    const bool validate = valRows >= window / 2 + 8 && T - valRows >= 2 * window;
    if (!validate)
        valRows = 0;
    const std::size_t fitEnd = T - valRows;
    report.trainRows = T;
    report.validationRows = valRows;
    report.horizons.resize(nh);

    if (validate) {
        Data data;
        prepare(fitEnd, data);
        resetStatistics();
        accumulate(data, 0, fitEnd);
        std::vector<const double *> zr(static_cast<std::size_t>(L)), nr(static_cast<std::size_t>(L));
        std::vector<double> feats, labels, last, haPred;
        std::vector<double> w;
        for (std::size_t h = 0; h < nh; ++h) {
            const auto k = static_cast<std::size_t>(m_cfg.horizonSteps[h]);
            const std::size_t first = std::max(fitEnd, static_cast<std::size_t>(L - 1) + k);
            const std::size_t samples = T - first;
            feats.assign(samples * n * static_cast<std::size_t>(d), 0.0);
            labels.assign(samples * n, 0.0);
            last.assign(samples * n, 0.0);
            haPred.assign(samples * n, 0.0);
            std::vector<std::uint8_t> valid(samples * n, 1);
            for (std::size_t i = 0; i < samples; ++i) {
                const std::size_t r = first + i, t = r - k;
                for (int j = 0; j < L; ++j) {
                    zr[static_cast<std::size_t>(j)] = data.z.data() + (t - static_cast<std::size_t>(j)) * n;
                    nr[static_cast<std::size_t>(j)] = data.nb.data() + (t - static_cast<std::size_t>(j)) * n;
                }
                for (std::size_t s = 0; s < n; ++s) {
                    buildFeatures(zr.data(), nr.data(), s, data.ha[r * n + s], data.ha[t * n + s],
                                  feats.data() + (i * n + s) * static_cast<std::size_t>(d));
                    labels[i * n + s] = data.z[r * n + s] - data.z[t * n + s];
                    haPred[i * n + s] = data.ha[r * n + s] - data.z[t * n + s];
                    valid[i * n + s] = std::isfinite(hist.row(r)[s]) ? 1 : 0; // score real readings only
                }
            }
            double best = std::numeric_limits<double>::infinity();
            double bestA = m_cfg.pooledPenalties.front(), bestB = m_cfg.seriesPenalties.front();
            std::vector<double> bestW;
            for (double a : m_cfg.pooledPenalties)
                for (double b : m_cfg.seriesPenalties) {
                    solveHorizon(h, a, b, w);
                    double sse = 0;
                    for (std::size_t q = 0; q < samples * n; ++q) {
                        if (!valid[q])
                            continue;
                        const std::size_t s = q % n;
                        const double *f = feats.data() + q * static_cast<std::size_t>(d);
                        const double *ws = w.data() + s * static_cast<std::size_t>(d);
                        double p = 0;
                        for (int j = 0; j < d; ++j)
                            p += ws[j] * f[j];
                        const double e = labels[q] - p;
                        sse += e * e;
                    }
                    if (sse < best) {
                        best = sse;
                        bestA = a;
                        bestB = b;
                        bestW = w;
                    }
                }
            m_pooledPen[h] = bestA;
            m_seriesPen[h] = bestB;
            // Residuals of the chosen model: per-series scale and pooled normalised quantiles for the band.
            std::vector<double> resid(samples * n), sq(n, 0.0), cnt(n, 0.0);
            double sseHa = 0, sseLast = 0, nValid = 0;
            for (std::size_t q = 0; q < samples * n; ++q) {
                const std::size_t s = q % n;
                const double *f = feats.data() + q * static_cast<std::size_t>(d);
                const double *ws = bestW.data() + s * static_cast<std::size_t>(d);
                double p = 0;
                for (int j = 0; j < d; ++j)
                    p += ws[j] * f[j];
                resid[q] = labels[q] - p;
                if (!valid[q])
                    continue;
                sq[s] += resid[q] * resid[q];
                cnt[s] += 1;
                sseHa += (labels[q] - haPred[q]) * (labels[q] - haPred[q]);
                sseLast += labels[q] * labels[q];
                nValid += 1;
            }
            double globalSq = 0, globalCnt = 0;
            for (std::size_t s = 0; s < n; ++s) {
                globalSq += sq[s];
                globalCnt += cnt[s];
            }
            const double globalScale = globalCnt > 0 ? std::sqrt(globalSq / globalCnt) : 1.0;
            std::vector<double> normalised;
            normalised.reserve(samples * n);
            for (std::size_t s = 0; s < n; ++s)
                m_scale[h * n + s] = cnt[s] > 0 ? std::max(std::sqrt(sq[s] / cnt[s]), 0.05 * globalScale) : globalScale;
            for (std::size_t q = 0; q < samples * n; ++q)
                if (valid[q])
                    normalised.push_back(resid[q] / m_scale[h * n + q % n]);
            m_bandLow[h] = quantile(normalised, m_cfg.bandLowQuantile);
            m_bandHigh[h] = quantile(normalised, m_cfg.bandHighQuantile);
            HorizonTrainReport &hr = report.horizons[h];
            hr.steps = static_cast<int>(k);
            hr.pooledPenalty = bestA;
            hr.seriesPenalty = bestB;
            hr.validationRmse = nValid > 0 ? std::sqrt(best / nValid) : 0;
            hr.validationRmseHa = nValid > 0 ? std::sqrt(sseHa / nValid) : 0;
            hr.validationRmseLast = nValid > 0 ? std::sqrt(sseLast / nValid) : 0;
            hr.bandLow = m_bandLow[h];
            hr.bandHigh = m_bandHigh[h];
        }
    } else {
        for (std::size_t h = 0; h < nh; ++h)
            report.horizons[h].steps = m_cfg.horizonSteps[h];
    }

    // Refit on the whole history with the chosen penalties.
    Data data;
    prepare(T, data);
    resetStatistics();
    accumulate(data, 0, T);
    solveAll(m_pooledPen, m_seriesPen);
    if (!validate) { // no validation slice: the band from the training residuals' spread, normal quantiles
        const auto dd = static_cast<std::size_t>(d * d);
        for (std::size_t h = 0; h < nh; ++h) {
            for (std::size_t s = 0; s < n; ++s) {
                const std::size_t unit = h * n + s;
                const double c = m_cnt[unit];
                const double *a = m_xtx.data() + unit * dd;
                const double *b = m_xty.data() + unit * static_cast<std::size_t>(d);
                const double *w = m_w.data() + unit * static_cast<std::size_t>(d);
                double sse = m_yty[unit];
                for (int i = 0; i < d; ++i) {
                    sse -= 2 * w[i] * b[i];
                    for (int j = 0; j < d; ++j)
                        sse += w[i] * w[j] * a[i <= j ? i * d + j : j * d + i];
                }
                m_scale[unit] = c > 0 ? std::sqrt(std::max(sse, 0.0) / c) + 1e-6 : 1.0;
            }
            m_bandLow[h] = -1.2816;
            m_bandHigh[h] = 1.2816;
        }
    }
    m_tail.clear();
    m_tailSteps.clear();
    for (std::size_t r = T - std::min(T, window); r < T; ++r) {
        m_tail.emplace_back(data.z.begin() + static_cast<std::ptrdiff_t>(r * n),
                            data.z.begin() + static_cast<std::ptrdiff_t>((r + 1) * n));
        m_tailSteps.push_back(hist.firstStep + static_cast<std::int64_t>(r));
    }
    m_trained = true;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - clockStart).count();
    m_report = report;
    return report;
}

void SpeedForecaster::append(std::span<const double> row, std::int64_t step)
{
    if (row.size() != m_n)
        throw std::invalid_argument("SpeedForecaster::append: row has the wrong width");
    const std::size_t n = m_n;
    const int L = m_cfg.inputSteps, d = featureCount();
    if (!m_tailSteps.empty() && step != m_tailSteps.back() + 1) {
        if (step <= m_tailSteps.back())
            throw std::invalid_argument("SpeedForecaster::append: steps must increase");
        m_tail.clear();
        m_tailSteps.clear();
    }
    std::vector<double> z(n);
    const std::size_t slot = static_cast<std::size_t>(slotOf(step));
    m_haDirty[slot] = 1;
    for (std::size_t s = 0; s < n; ++s) {
        if (std::isfinite(row[s])) {
            z[s] = row[s] - m_mu[s];
            m_haSum[slot * n + s] += row[s];
            m_haCount[slot * n + s] += 1;
        } else {
            z[s] = m_tail.empty() ? m_ha[slot * n + s] : m_tail.back()[s];
        }
    }
    m_tail.push_back(std::move(z));
    m_tailSteps.push_back(step);
    const std::size_t keep = static_cast<std::size_t>(L) + static_cast<std::size_t>(m_cfg.horizonSteps.back());
    while (m_tail.size() > keep) {
        m_tail.erase(m_tail.begin());
        m_tailSteps.erase(m_tailSteps.begin());
    }
    if (m_cfg.forgetting < 1.0) {
        for (double &v : m_xtx) v *= m_cfg.forgetting;
        for (double &v : m_xty) v *= m_cfg.forgetting;
        for (double &v : m_cnt) v *= m_cfg.forgetting;
        for (double &v : m_yty) v *= m_cfg.forgetting;
    }
    // The samples this row completes: target = this row, input window ending k rows earlier.
    const std::size_t size = m_tail.size();
    std::vector<std::vector<double>> nb(static_cast<std::size_t>(L));
    std::vector<const double *> zr(static_cast<std::size_t>(L)), nr(static_cast<std::size_t>(L));
    std::vector<double> f(static_cast<std::size_t>(d));
    for (std::size_t h = 0; h < m_cfg.horizonSteps.size(); ++h) {
        const auto k = static_cast<std::size_t>(m_cfg.horizonSteps[h]);
        if (size < static_cast<std::size_t>(L) + k)
            continue;
        const std::size_t t = size - 1 - k;
        for (int j = 0; j < L; ++j) {
            const auto ju = static_cast<std::size_t>(j);
            zr[ju] = m_tail[t - ju].data();
            if (j < m_cfg.neighbourLags) {
                nb[ju].resize(n);
                for (std::size_t s = 0; s < n; ++s)
                    neighbourMean(zr[ju], s, nb[ju][s]);
                nr[ju] = nb[ju].data();
            }
        }
        const std::size_t slotT = static_cast<std::size_t>(slotOf(m_tailSteps[t]));
        for (std::size_t s = 0; s < n; ++s) {
            if (!std::isfinite(row[s]))
                continue;
            buildFeatures(zr.data(), nr.data(), s, m_ha[slot * n + s], m_ha[slotT * n + s], f.data());
            const double y = m_tail.back()[s] - zr[0][s];
            const std::size_t unit = h * n + s;
            double *a = m_xtx.data() + unit * static_cast<std::size_t>(d * d);
            double *b = m_xty.data() + unit * static_cast<std::size_t>(d);
            for (int i = 0; i < d; ++i) {
                for (int j = i; j < d; ++j)
                    a[i * d + j] += f[static_cast<std::size_t>(i)] * f[static_cast<std::size_t>(j)];
                b[i] += f[static_cast<std::size_t>(i)] * y;
            }
            m_yty[unit] += y * y;
            m_cnt[unit] += 1;
        }
    }
}

void SpeedForecaster::resolve()
{
    smoothHa(true);
    solveAll(m_pooledPen, m_seriesPen);
    m_trained = true;
}

void SpeedForecaster::forecast(std::span<const double> window, std::int64_t lastStep,
                               std::vector<ForecastPoint> &out) const
{
    const std::size_t n = m_n;
    const auto L = static_cast<std::size_t>(m_cfg.inputSteps);
    if (window.size() != L * n)
        throw std::invalid_argument("SpeedForecaster::forecast: window must hold inputSteps rows");
    // Deviation rows, newest first, gaps filled forward (the oldest from the historical average).
    std::vector<double> z(L * n);
    for (std::size_t i = 0; i < L; ++i) { // i: oldest .. newest
        const std::int64_t step = lastStep - static_cast<std::int64_t>(L - 1 - i);
        const std::size_t slot = static_cast<std::size_t>(slotOf(step));
        double *dst = z.data() + (L - 1 - i) * n;
        for (std::size_t s = 0; s < n; ++s) {
            const double x = window[i * n + s];
            dst[s] = std::isfinite(x) ? x - m_mu[s] : i == 0 ? m_ha[slot * n + s] : dst[n + s];
        }
    }
    std::vector<const double *> zr(L), nr(L);
    std::vector<std::vector<double>> nb(static_cast<std::size_t>(m_cfg.neighbourLags), std::vector<double>(n));
    for (std::size_t j = 0; j < L; ++j)
        zr[j] = z.data() + j * n;
    for (std::size_t j = 0; j < nb.size(); ++j) {
        for (std::size_t s = 0; s < n; ++s)
            neighbourMean(zr[j], s, nb[j][s]);
        nr[j] = nb[j].data();
    }
    const int d = featureCount();
    std::vector<double> f(static_cast<std::size_t>(d));
    const std::size_t nh = m_cfg.horizonSteps.size();
    out.resize(nh * n);
    const std::size_t slotNow = static_cast<std::size_t>(slotOf(lastStep));
    for (std::size_t h = 0; h < nh; ++h) {
        const std::size_t slotTarget = static_cast<std::size_t>(slotOf(lastStep + m_cfg.horizonSteps[h]));
        for (std::size_t s = 0; s < n; ++s) {
            buildFeatures(zr.data(), nr.data(), s, m_ha[slotTarget * n + s], m_ha[slotNow * n + s], f.data());
            const double *w = m_w.data() + (h * n + s) * static_cast<std::size_t>(d);
            double p = 0;
            for (int j = 0; j < d; ++j)
                p += w[j] * f[static_cast<std::size_t>(j)];
            const double value = m_mu[s] + zr[0][s] + p;
            const double scale = m_scale[h * n + s];
            ForecastPoint &fp = out[h * n + s];
            fp.value = value;
            fp.low = value + m_bandLow[h] * scale;
            fp.high = value + m_bandHigh[h] * scale;
        }
    }
}

bool SpeedForecaster::forecastLatest(std::vector<ForecastPoint> &out) const
{
    const auto L = static_cast<std::size_t>(m_cfg.inputSteps);
    if (m_tail.size() < L)
        return false;
    std::vector<double> window(L * m_n);
    for (std::size_t i = 0; i < L; ++i) {
        const auto &z = m_tail[m_tail.size() - L + i];
        for (std::size_t s = 0; s < m_n; ++s)
            window[i * m_n + s] = z[s] + m_mu[s];
    }
    forecast(window, m_tailSteps.back(), out);
    return true;
}

} // namespace cityops::core
