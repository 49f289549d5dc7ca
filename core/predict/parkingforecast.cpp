#include "predict/parkingforecast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cityops::core {

namespace {

constexpr int K = ParkingForecaster::kFeatures;
using Weights = ParkingForecaster::Weights;
using Matrix = std::array<double, K * K>;

/// Solves (A + lambda I) w = b + lambda prior by Gaussian elimination with partial pivoting.
Weights solveRidge(Matrix a, Weights b, double lambda, const Weights &prior)
{
    for (int i = 0; i < K; ++i) {
        a[i * K + i] += lambda;
        b[i] += lambda * prior[i];
    }
    for (int col = 0; col < K; ++col) {
        int pivot = col;
        for (int r = col + 1; r < K; ++r)
            if (std::abs(a[r * K + col]) > std::abs(a[pivot * K + col]))
                pivot = r;
        if (std::abs(a[pivot * K + col]) < 1e-12)
            return prior; // degenerate (no samples): keep the prior
        if (pivot != col) {
            for (int c = 0; c < K; ++c)
                std::swap(a[col * K + c], a[pivot * K + c]);
            std::swap(b[col], b[pivot]);
        }
        for (int r = col + 1; r < K; ++r) {
            const double factor = a[r * K + col] / a[col * K + col];
            for (int c = col; c < K; ++c)
                a[r * K + c] -= factor * a[col * K + c];
            b[r] -= factor * b[col];
        }
    }
    Weights w{};
    for (int r = K - 1; r >= 0; --r) {
        double s = b[r];
        for (int c = r + 1; c < K; ++c)
            s -= a[r * K + c] * w[c];
        w[r] = s / a[r * K + r];
    }
    return w;
}

struct Normal {
    Matrix xtx{};
    Weights xty{};
    std::int64_t n = 0;
    void add(const Weights &x, double y)
    {
        for (int i = 0; i < K; ++i) {
            for (int j = 0; j < K; ++j)
                xtx[i * K + j] += x[i] * x[j];
            xty[i] += x[i] * y;
        }
        ++n;
    }
    void add(const Normal &o)
    {
        for (int i = 0; i < K * K; ++i)
            xtx[i] += o.xtx[i];
        for (int i = 0; i < K; ++i)
            xty[i] += o.xty[i];
        n += o.n;
    }
};

double dot(const Weights &w, const Weights &x)
{
    double s = 0;
    for (int i = 0; i < K; ++i)
        s += w[i] * x[i];
    return s;
}

int stepsOf(const ParkingGrid &grid, int minutes)
{
    if (minutes <= 0 || minutes % grid.stepMin() != 0)
        throw std::invalid_argument("horizon " + std::to_string(minutes) + " min is not a positive multiple of the " +
                                    std::to_string(grid.stepMin()) + "-min grid step");
    return minutes / grid.stepMin();
}

double previousRate(const ParkingGrid &grid, std::size_t f, std::size_t d, int slot)
{
    return slot > 0 ? grid.rate(f, d, slot - 1) : std::numeric_limits<double>::quiet_NaN();
}

struct ErrorSum {
    double abs = 0, sq = 0;
    std::int64_t n = 0;
    void add(double e)
    {
        abs += std::abs(e);
        sq += e * e;
        ++n;
    }
    ForecastErrors result() const
    {
        ForecastErrors r;
        r.samples = n;
        r.mae = n ? abs / double(n) : std::numeric_limits<double>::quiet_NaN();
        r.rmse = n ? std::sqrt(sq / double(n)) : std::numeric_limits<double>::quiet_NaN();
        return r;
    }
};

} // namespace

double ParkingForecaster::profileExcluding(std::size_t f, DayType type, int slot, double own) const
{
    const bool hasOwn = !std::isnan(own);
    const std::size_t t = static_cast<std::size_t>(type);
    const std::size_t s = static_cast<std::size_t>(slot);
    const std::size_t i = (f * kDayTypes + t) * static_cast<std::size_t>(m_slots) + s;
    if (const std::int32_t n = m_cnt[i] - (hasOwn ? 1 : 0); n > 0)
        return (m_sum[i] - (hasOwn ? own : 0.0)) / n;
    const std::size_t j = f * static_cast<std::size_t>(m_slots) + s;
    if (const std::int32_t n = m_allCnt[j] - (hasOwn ? 1 : 0); n > 0)
        return (m_allSum[j] - (hasOwn ? own : 0.0)) / n;
    if (const std::int32_t n = m_facCnt[f] - (hasOwn ? 1 : 0); n > 0)
        return (m_facSum[f] - (hasOwn ? own : 0.0)) / n;
    return 0.5;
}

ParkingForecaster::Weights ParkingForecaster::features(std::size_t f, DayType type, int slot, int steps,
                                                        double current, double previous, double ownNow,
                                                        double ownTarget) const
{
    const double pNow = profileExcluding(f, type, slot, ownNow);
    const double pTarget = profileExcluding(f, type, std::min(slot + steps, m_slots - 1), ownTarget);
    const double trend = std::isnan(previous) ? 0.0 : current - previous;
    return {1.0, current, pNow, pTarget, trend};
}

void ParkingForecaster::fit(const ParkingGrid &grid, const std::vector<std::size_t> &days,
                            const std::vector<int> &horizonSteps, const std::vector<double> &lambdas)
{
    m_facilities = grid.facilityCount();
    m_slots = grid.slotsPerDay();
    m_stepMin = grid.stepMin();
    m_names.clear();
    for (std::size_t f = 0; f < m_facilities; ++f)
        m_names.push_back(grid.facility(f));
    m_horizons = horizonSteps;
    const std::size_t slots = static_cast<std::size_t>(m_slots);
    m_sum.assign(m_facilities * kDayTypes * slots, 0.0);
    m_cnt.assign(m_sum.size(), 0);
    m_allSum.assign(m_facilities * slots, 0.0);
    m_allCnt.assign(m_allSum.size(), 0);
    m_facSum.assign(m_facilities, 0.0);
    m_facCnt.assign(m_facilities, 0);
    for (std::size_t f = 0; f < m_facilities; ++f)
        for (std::size_t d : days) {
            const auto t = static_cast<std::size_t>(grid.dayType(d));
            for (int s = 0; s < m_slots; ++s)
                if (grid.has(f, d, s)) {
                    const double r = grid.rate(f, d, s);
                    const std::size_t i = (f * kDayTypes + t) * slots + static_cast<std::size_t>(s);
                    m_sum[i] += r;
                    ++m_cnt[i];
                    m_allSum[f * slots + static_cast<std::size_t>(s)] += r;
                    ++m_allCnt[f * slots + static_cast<std::size_t>(s)];
                    m_facSum[f] += r;
                    ++m_facCnt[f];
                }
        }

    m_pooled.assign(horizonSteps.size(), Weights{});
    m_perFacility.assign(horizonSteps.size(), std::vector<Weights>(m_facilities));
    for (std::size_t h = 0; h < horizonSteps.size(); ++h) {
        const int steps = horizonSteps[h];
        std::vector<Normal> perFacility(m_facilities);
        for (std::size_t f = 0; f < m_facilities; ++f)
            for (std::size_t d : days)
                for (int s = 0; s + steps < m_slots; ++s) {
                    if (!grid.has(f, d, s) || !grid.has(f, d, s + steps))
                        continue;
                    const double cur = grid.rate(f, d, s);
                    const double target = grid.rate(f, d, s + steps);
                    // Leave this day out of its own profile features (see the header).
                    perFacility[f].add(features(f, grid.dayType(d), s, steps, cur, previousRate(grid, f, d, s), cur, target),
                                       target);
                }
        Normal pooled;
        for (const Normal &n : perFacility)
            pooled.add(n);
        // A whisker of ridge keeps the pooled fit defined; the persistence prior (1 x current) is its anchor.
        const Weights persistence{0, 1, 0, 0, 0};
        m_pooled[h] = solveRidge(pooled.xtx, pooled.xty, 1e-6 * std::max<std::int64_t>(1, pooled.n), persistence);
        for (std::size_t f = 0; f < m_facilities; ++f)
            m_perFacility[h][f] = solveRidge(perFacility[f].xtx, perFacility[f].xty, lambdas[h], m_pooled[h]);
    }
}

double ParkingForecaster::forecast(std::size_t f, DayType type, int slot, int steps, double current, double previous) const
{
    const auto it = std::find(m_horizons.begin(), m_horizons.end(), steps);
    if (it == m_horizons.end() || f >= m_facilities || slot < 0 || slot >= m_slots || std::isnan(current))
        return std::numeric_limits<double>::quiet_NaN();
    const auto h = static_cast<std::size_t>(it - m_horizons.begin());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Weights x = features(f, type, slot, steps, current, previous, nan, nan);
    return std::clamp(dot(m_perFacility[h][f], x), 0.0, 1.0);
}

std::vector<std::pair<double, double>> ParkingForecaster::outlook(std::size_t f, std::int64_t localSeconds, double current,
                                                                  double previous) const
{
    std::vector<std::pair<double, double>> out;
    const std::int64_t stepS = std::int64_t(m_stepMin) * 60;
    const std::int64_t absSlot = (localSeconds + stepS / 2) / stepS;
    const std::int64_t day = absSlot / m_slots;
    const int slot = static_cast<int>(absSlot - day * m_slots);
    for (int steps : m_horizons)
        out.emplace_back(double(steps * m_stepMin), forecast(f, dayTypeOf(day), slot, steps, current, previous));
    return out;
}

int ParkingForecaster::facilityIndex(const std::string &id) const
{
    const auto it = std::find(m_names.begin(), m_names.end(), id);
    return it == m_names.end() ? -1 : static_cast<int>(it - m_names.begin());
}

ParkingEvaluation evaluateParkingForecast(const ParkingGrid &grid, const ParkingEvalOptions &options)
{
    const std::size_t days = grid.dayCount();
    if (days < 5)
        throw std::invalid_argument("need at least 5 days of readings for a train/validation/test split, got " +
                                    std::to_string(days));
    if (options.horizonMinutes.empty())
        throw std::invalid_argument("no horizons");
    std::vector<int> steps;
    for (int m : options.horizonMinutes)
        steps.push_back(stepsOf(grid, m));

    ParkingEvaluation ev;
    ev.trainDays = std::clamp<std::size_t>(static_cast<std::size_t>(std::floor(double(days) * options.trainFraction)), 2, days - 1);
    ev.testDays = days - ev.trainDays;
    ev.validationDays = std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(double(ev.trainDays) * options.validationFraction)), 1,
                                                ev.trainDays - 1);
    ev.firstTestDay = grid.civilDay(ev.trainDays);
    ev.lastTestDay = grid.civilDay(days - 1);
    const std::size_t fitDays = ev.trainDays - ev.validationDays;

    auto range = [](std::size_t a, std::size_t b) {
        std::vector<std::size_t> v;
        for (std::size_t i = a; i < b; ++i)
            v.push_back(i);
        return v;
    };

    // Model selection: for each lambda fit on the early training days and score the validation days.
    std::vector<double> bestLambda(steps.size(), options.lambdas.front());
    std::vector<double> bestMae(steps.size(), std::numeric_limits<double>::infinity());
    for (double lambda : options.lambdas) {
        ParkingForecaster model;
        model.fit(grid, range(0, fitDays), steps, std::vector<double>(steps.size(), lambda));
        for (std::size_t h = 0; h < steps.size(); ++h) {
            ErrorSum e;
            for (std::size_t f = 0; f < grid.facilityCount(); ++f)
                for (std::size_t d = fitDays; d < ev.trainDays; ++d)
                    for (int s = 0; s + steps[h] < grid.slotsPerDay(); ++s)
                        if (grid.has(f, d, s) && grid.has(f, d, s + steps[h]))
                            e.add(model.forecast(f, grid.dayType(d), s, steps[h], grid.rate(f, d, s),
                                                 previousRate(grid, f, d, s)) -
                                  grid.rate(f, d, s + steps[h]));
            const ForecastErrors r = e.result();
            if (r.samples > 0 && r.mae < bestMae[h]) {
                bestMae[h] = r.mae;
                bestLambda[h] = lambda;
            }
        }
    }

    ParkingForecaster model;
    model.fit(grid, range(0, ev.trainDays), steps, bestLambda);
    for (std::size_t h = 0; h < steps.size(); ++h) {
        ErrorSum m, lv, ha;
        for (std::size_t f = 0; f < grid.facilityCount(); ++f)
            for (std::size_t d = ev.trainDays; d < days; ++d)
                for (int s = 0; s + steps[h] < grid.slotsPerDay(); ++s) {
                    if (!grid.has(f, d, s) || !grid.has(f, d, s + steps[h]))
                        continue;
                    const double cur = grid.rate(f, d, s);
                    const double truth = grid.rate(f, d, s + steps[h]);
                    m.add(model.forecast(f, grid.dayType(d), s, steps[h], cur, previousRate(grid, f, d, s)) - truth);
                    lv.add(cur - truth);
                    ha.add(model.profile(f, grid.dayType(d), s + steps[h]) - truth);
                }
        ParkingHorizonResult r;
        r.minutes = options.horizonMinutes[h];
        r.lambda = bestLambda[h];
        r.validationMae = bestMae[h];
        r.model = m.result();
        r.lastValue = lv.result();
        r.historicalAverage = ha.result();
        ev.horizons.push_back(r);
    }
    return ev;
}

} // namespace cityops::core
