// Reading: one validated sensor line, the unit that flows from listeners to state and recorder.
// A plain value type (48 bytes), copied freely between threads.
#pragma once

#include <cstdint>
#include <string_view>

namespace cityops::core {

/// Feed measurements. The order is part of the recording format: append only.
enum class Measurement : std::uint8_t { Traffic, Signal, Parking, Rain, Water, Service, Incident };
inline constexpr int kMeasurementCount = 7;
inline constexpr int kMaxReadingFields = 4;

struct Reading {
    std::int64_t timeNs = 0;     ///< engine time, ns since the Unix epoch (UTC)
    std::uint32_t entity = 0;    ///< index into the CityModel
    Measurement measurement = Measurement::Traffic;
    std::uint8_t fieldMask = 0;  ///< bit k set: values[k] is present
    std::uint8_t code = 0;       ///< measurement-specific code (incident kind); 0 otherwise
    double values[kMaxReadingFields] = {0, 0, 0, 0};

    bool has(int field) const { return (fieldMask >> field) & 1u; }
    friend bool operator==(const Reading &, const Reading &) = default;
};

std::string_view measurementName(Measurement m);

} // namespace cityops::core
