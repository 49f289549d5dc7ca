#include "feed/feedschema.h"

namespace cityops::core {

namespace {

// Limits are what is physically possible, not what is normal: normality is the alarm rules' business.
constexpr MeasurementSpec kSpecs[kMeasurementCount] = {
    {Measurement::Traffic, "traffic", "link", EntityKind::Link,
     {{{"speed_kmh", false, 0.0, 250.0}, {"flow_vph", false, 0.0, 20000.0}, {"occupancy", false, 0.0, 1.0}, {}}},
     3, {}},
    {Measurement::Signal, "signal", "node", EntityKind::Signal,
     {{{"phase", true, 0.0, 63.0}, {"cycle_s", false, 10.0, 600.0}, {}, {}}}, 2, {}},
    {Measurement::Parking, "parking", "facility", EntityKind::Parking,
     {{{"occupied", true, 0.0, 100000.0}, {"capacity", true, 1.0, 100000.0}, {}, {}}}, 2, {}},
    {Measurement::Rain, "rain", "gauge", EntityKind::RainGauge,
     {{{"rate_mmph", false, 0.0, 500.0}, {}, {}, {}}}, 1, {}},
    {Measurement::Water, "water", "station", EntityKind::WaterStation,
     {{{"level_m", false, -50.0, 200.0}, {}, {}, {}}}, 1, {}},
    {Measurement::Service, "service", "center", EntityKind::ServiceCenter,
     {{{"waiting", true, 0.0, 100000.0}, {"arrivals", true, 0.0, 100000.0}, {"served", true, 0.0, 100000.0},
       {"counters_open", true, 0.0, 1000.0}}},
     4, {}},
    {Measurement::Incident, "incident", "link", EntityKind::Link,
     {{{"severity", true, 0.0, 5.0}, {"lanes_blocked", true, 0.0, 20.0}, {}, {}}}, 2, "kind"},
};

} // namespace

const MeasurementSpec &measurementSpec(Measurement m)
{
    return kSpecs[static_cast<int>(m)];
}

std::optional<Measurement> measurementOfKind(EntityKind kind)
{
    for (int m = 0; m < kMeasurementCount; ++m) {
        const MeasurementSpec &spec = measurementSpec(static_cast<Measurement>(m));
        if (spec.entityKind == kind && spec.codeTag.empty())
            return spec.measurement;
    }
    return std::nullopt;
}

std::optional<Measurement> findMeasurement(std::string_view name)
{
    for (const auto &spec : kSpecs)
        if (spec.name == name)
            return spec.measurement;
    return std::nullopt;
}

std::string_view measurementName(Measurement m)
{
    return kSpecs[static_cast<int>(m)].name;
}

} // namespace cityops::core
