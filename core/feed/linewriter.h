// LineWriter: formats readings as line protocol, the inverse of parser + validator. Used by
// `cityops-cli simulate --to`, the ingest benchmark and tests. Pure; thread-safe.
#pragma once

#include "feed/reading.h"
#include "model/citymodel.h"

#include <string>

namespace cityops::core {

/// Appends one line (with its '\n') for `reading` to `out`, timestamp in nanoseconds.
void appendLine(const CityModel &model, const Reading &reading, std::string &out);

/// Escapes a tag key or value (commas, equals signs and spaces).
void appendEscapedTag(std::string_view text, std::string &out);

} // namespace cityops::core
