// Synthetic feed load: a deterministic mix of plausible readings over every entity of a model, in the
// proportions a city sends them (mostly traffic detectors). For the ingest benchmark and loopback tests.
#pragma once

#include "feed/reading.h"
#include "model/citymodel.h"

#include <cstdint>
#include <vector>

namespace cityops::core {

/// `count` readings round-robin over the model's entities, time stepping by `stepNs` per full round.
std::vector<Reading> makeSyntheticLoad(const CityModel &model, std::size_t count, std::int64_t startNs,
                                       std::int64_t stepNs, std::uint64_t seed);

} // namespace cityops::core
