// A synthetic city of N entities per kind with ids like "L00017": for engine tests and the ingest
// benchmark, where the shape of the city does not matter but its size does. Pure function.
#pragma once

#include "model/citymodel.h"

#include <memory>

namespace cityops::core {

struct SyntheticCitySize {
    int links = 3000;
    int signalNodes = 250;
    int parking = 120;
    int rainGauges = 30;
    int waterStations = 60;
    int serviceCenters = 40;
};

std::shared_ptr<CityModel> makeSyntheticCity(const SyntheticCitySize &size = {});

/// The id the synthetic city gives entity `n` of `kind` (e.g. "L00017" for link 17).
std::string syntheticId(EntityKind kind, int n);

} // namespace cityops::core
