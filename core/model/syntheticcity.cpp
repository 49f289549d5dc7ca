#include "model/syntheticcity.h"

#include <cstdio>

namespace cityops::core {

std::string syntheticId(EntityKind kind, int n)
{
    static constexpr char kPrefix[] = {'L', 'S', 'P', 'R', 'W', 'C'};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%c%05d", kPrefix[static_cast<int>(kind)], n);
    return buffer;
}

std::shared_ptr<CityModel> makeSyntheticCity(const SyntheticCitySize &size)
{
    auto model = std::make_shared<CityModel>();
    model->name = "synthetic";
    auto addAll = [&](EntityKind kind, int count, double interval) {
        for (int n = 0; n < count; ++n) {
            Entity e;
            e.kind = kind;
            e.id = syntheticId(kind, n);
            e.name = e.id;
            e.lanes = 2 + n % 3;
            e.capacity = kind == EntityKind::Parking ? 200 + 10 * (n % 50) : (kind == EntityKind::ServiceCenter ? 8 : 0);
            e.warningLevelM = 2.0;
            e.expectedIntervalS = interval;
            e.lon = 113.6 + 0.001 * (n % 100);
            e.lat = 34.7 + 0.001 * (n / 100);
            model->add(std::move(e));
        }
    };
    addAll(EntityKind::Link, size.links, 60);
    addAll(EntityKind::Signal, size.signalNodes, 60);
    addAll(EntityKind::Parking, size.parking, 60);
    addAll(EntityKind::RainGauge, size.rainGauges, 60);
    addAll(EntityKind::WaterStation, size.waterStations, 60);
    addAll(EntityKind::ServiceCenter, size.serviceCenters, 60);
    return model;
}

} // namespace cityops::core
