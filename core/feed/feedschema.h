// FeedSchema: the measurements of the wire format, their entity tag, their fields (type, unit, limits of
// what is physically possible). The single table both the validator and the UI read field names from.
// Constant data; safe from any thread.
#pragma once

#include "feed/reading.h"
#include "model/citymodel.h"

#include <array>
#include <optional>
#include <string_view>

namespace cityops::core {

struct FieldSpec {
    std::string_view name;
    bool integer = false;  ///< must be sent with the `i` (or `u`) suffix
    double min = 0.0;
    double max = 0.0;
};

struct MeasurementSpec {
    Measurement measurement;
    std::string_view name;
    std::string_view entityTag;
    EntityKind entityKind;
    std::array<FieldSpec, kMaxReadingFields> fields;
    int fieldCount;
    /// Only for incidents: the tag carrying the kind, and its allowed values (code = position + 1).
    std::string_view codeTag;
};

const MeasurementSpec &measurementSpec(Measurement m);
std::optional<Measurement> findMeasurement(std::string_view name);
/// The measurement an entity of `kind` reports (incidents, which carry a kind tag, excluded); none for kinds
/// without one.
std::optional<Measurement> measurementOfKind(EntityKind kind);

/// Incident kinds accepted in the `kind` tag; code k+1 is kIncidentKinds[k].
inline constexpr std::array<std::string_view, 6> kIncidentKinds = {"crash", "breakdown", "roadworks",
                                                                   "debris", "flooding", "other"};

} // namespace cityops::core
