// Validator: turns a parsed line into a Reading, checking it against the city model and engine time.
// Reads the (immutable) model only; one per listener thread, no shared state.
#pragma once

#include "feed/lineprotocol.h"
#include "feed/reading.h"
#include "model/citymodel.h"

#include <cstdint>
#include <memory>

namespace cityops::core {

struct ValidationLimits {
    std::int64_t maxAheadNs = 5LL * 60 * 1'000'000'000;          ///< readings from the future: clock skew allowance
    std::int64_t maxBehindNs = 7LL * 24 * 3600 * 1'000'000'000;  ///< older than this is not live data
};

class Validator {
public:
    Validator(std::shared_ptr<const CityModel> model, ValidationLimits limits = {})
        : m_model(std::move(model)), m_limits(limits) {}

    /// `nowNs` is engine time; a line without a timestamp is stamped with it.
    bool validate(const ParsedLine &line, std::int64_t nowNs, Reading &out, RejectReason &reason) const;

    const CityModel &model() const { return *m_model; }

private:
    std::shared_ptr<const CityModel> m_model;
    ValidationLimits m_limits;
};

} // namespace cityops::core
