#include "feed/validator.h"

#include "feed/feedschema.h"

#include <cmath>

namespace cityops::core {

bool Validator::validate(const ParsedLine &line, std::int64_t nowNs, Reading &out, RejectReason &reason) const
{
    const auto measurement = findMeasurement(line.measurement);
    if (!measurement) { reason = RejectReason::UnknownMeasurement; return false; }
    const MeasurementSpec &spec = measurementSpec(*measurement);

    const std::string_view id = line.tag(spec.entityTag);
    if (id.empty()) { reason = RejectReason::MissingTag; return false; }
    const auto entity = m_model->find(spec.entityKind, id);
    if (!entity) { reason = RejectReason::UnknownEntity; return false; }

    out = Reading{};
    out.entity = *entity;
    out.measurement = *measurement;

    if (!spec.codeTag.empty()) {
        const std::string_view kind = line.tag(spec.codeTag);
        if (kind.empty()) { reason = RejectReason::MissingTag; return false; }
        out.code = 0;
        for (std::size_t k = 0; k < kIncidentKinds.size(); ++k)
            if (kIncidentKinds[k] == kind)
                out.code = static_cast<std::uint8_t>(k + 1);
        if (out.code == 0) { reason = RejectReason::ImpossibleValue; return false; }
    }

    for (int f = 0; f < line.fieldCount; ++f) {
        const Field &field = line.fields[f];
        int slot = -1;
        for (int k = 0; k < spec.fieldCount; ++k)
            if (spec.fields[k].name == field.key)
                slot = k;
        if (slot < 0) { reason = RejectReason::UnknownField; return false; }
        const FieldSpec &fs = spec.fields[slot];
        double value = 0.0;
        const bool isInt = field.value.type == FieldType::Integer || field.value.type == FieldType::Unsigned;
        if (!field.value.asNumber(value) || (fs.integer && !isInt)) { reason = RejectReason::WrongType; return false; }
        if (!std::isfinite(value)) { reason = RejectReason::NotFinite; return false; }
        if (value < fs.min || value > fs.max) { reason = RejectReason::ImpossibleValue; return false; }
        out.values[slot] = value;
        out.fieldMask |= static_cast<std::uint8_t>(1u << slot);
    }
    if (out.fieldMask == 0) { reason = RejectReason::MissingField; return false; }

    // Cross-field and per-entity limits.
    const Entity &e = m_model->entity(out.entity);
    switch (out.measurement) {
    case Measurement::Signal:
        if (out.has(0) && out.values[0] >= e.phaseCount) { reason = RejectReason::ImpossibleValue; return false; }
        break;
    case Measurement::Parking: {
        const double capacity = out.has(1) ? out.values[1] : e.capacity;
        if (out.has(0) && capacity > 0 && out.values[0] > capacity) { reason = RejectReason::ImpossibleValue; return false; }
        break;
    }
    case Measurement::Incident:
        if (out.has(1) && out.values[1] > e.lanes) { reason = RejectReason::ImpossibleValue; return false; }
        break;
    default:
        break;
    }

    if (line.hasTimestamp) {
        if (line.timestampNs > nowNs + m_limits.maxAheadNs) { reason = RejectReason::TimeInFuture; return false; }
        if (line.timestampNs < nowNs - m_limits.maxBehindNs) { reason = RejectReason::TimeTooOld; return false; }
        out.timeNs = line.timestampNs;
    } else {
        out.timeNs = nowNs;
    }
    return true;
}

} // namespace cityops::core
