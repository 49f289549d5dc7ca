// Deterministic random numbers for the simulators. The engine is std::mt19937_64 (its output is fixed by
// the standard); the distributions are written here because std::*_distribution may differ between
// standard libraries, and a recording must replay the same on every machine.
//
// Threading: a plain value type; one per simulator, never shared.
#pragma once

#include <cmath>
#include <cstdint>
#include <algorithm>
#include <random>

namespace cityops::core {

class Random {
public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}

    /// Uniform in [0, 1), 53 bits.
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }

    /// Standard normal (Box–Muller; the second value is kept for the next call).
    double normal()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        double u1 = uniform();
        while (u1 <= 0.0)
            u1 = uniform();
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        m_spare = r * std::sin(2.0 * M_PI * u2);
        m_hasSpare = true;
        return r * std::cos(2.0 * M_PI * u2);
    }

    /// Poisson with mean `lambda`: Knuth's product method for small means, a rounded normal above 30.
    std::int64_t poisson(double lambda)
    {
        if (lambda <= 0.0)
            return 0;
        if (lambda > 30.0) {
            const double x = std::round(lambda + std::sqrt(lambda) * normal());
            return x < 0 ? 0 : static_cast<std::int64_t>(x);
        }
        const double limit = std::exp(-lambda);
        double product = uniform();
        std::int64_t k = 0;
        while (product > limit) {
            product *= uniform();
            ++k;
        }
        return k;
    }

    /// Binomial(n, p): Bernoulli trials for small n, a clamped rounded normal otherwise.
    std::int64_t binomial(std::int64_t n, double p)
    {
        if (n <= 0 || p <= 0.0)
            return 0;
        if (p >= 1.0)
            return n;
        if (n <= 40) {
            std::int64_t k = 0;
            for (std::int64_t i = 0; i < n; ++i)
                k += uniform() < p ? 1 : 0;
            return k;
        }
        const double mean = static_cast<double>(n) * p;
        const double x = std::round(mean + std::sqrt(mean * (1.0 - p)) * normal());
        return static_cast<std::int64_t>(std::clamp(x, 0.0, static_cast<double>(n)));
    }

private:
    std::mt19937_64 m_engine;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

} // namespace cityops::core
