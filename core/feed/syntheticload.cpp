#include "feed/syntheticload.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace cityops::core {

std::vector<Reading> makeSyntheticLoad(const CityModel &model, std::size_t count, std::int64_t startNs,
                                       std::int64_t stepNs, std::uint64_t seed)
{
    std::vector<Reading> out;
    out.reserve(count);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::size_t n = model.size();
    for (std::size_t k = 0; k < count && n > 0; ++k) {
        const auto index = static_cast<std::uint32_t>(k % n);
        const Entity &e = model.entity(index);
        Reading r;
        r.entity = index;
        r.timeNs = startNs + static_cast<std::int64_t>(k / n) * stepNs + static_cast<std::int64_t>(index);
        const double u = unit(rng);
        switch (e.kind) {
        case EntityKind::Link:
            r.measurement = Measurement::Traffic;
            r.values[0] = std::round(e.speedLimitKmh * (0.3 + 0.7 * u) * 10) / 10;
            r.values[1] = std::round(e.capacityVph * u);
            r.values[2] = std::round(u * 0.6 * 1000) / 1000;
            r.fieldMask = 0b111;
            break;
        case EntityKind::Signal:
            r.measurement = Measurement::Signal;
            r.values[0] = static_cast<double>(k % static_cast<std::size_t>(e.phaseCount));
            r.values[1] = 90;
            r.fieldMask = 0b11;
            break;
        case EntityKind::Parking:
            r.measurement = Measurement::Parking;
            r.values[0] = std::floor(u * e.capacity);
            r.values[1] = e.capacity;
            r.fieldMask = 0b11;
            break;
        case EntityKind::RainGauge:
            r.measurement = Measurement::Rain;
            r.values[0] = std::round(u * 200) / 10;
            r.fieldMask = 0b1;
            break;
        case EntityKind::WaterStation:
            r.measurement = Measurement::Water;
            r.values[0] = std::round(u * 3000) / 1000;
            r.fieldMask = 0b1;
            break;
        case EntityKind::ServiceCenter:
            r.measurement = Measurement::Service;
            r.values[0] = std::floor(u * 40);
            r.values[1] = std::floor(u * 20);
            r.values[2] = std::floor(u * 18);
            r.values[3] = std::max(1, e.capacity);
            r.fieldMask = 0b1111;
            break;
        }
        out.push_back(r);
    }
    return out;
}

} // namespace cityops::core
