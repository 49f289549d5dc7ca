// LineWriter: formats readings as line protocol, the inverse of parser + validator. Used by
// `cityops-cli simulate --to`, the ingest benchmark and tests. Pure; thread-safe.
#pragma once

#include "feed/reading.h"
#include "model/citymodel.h"

#include <string>

namespace cityops::core {

/// Appends one line (with its '\n') for `reading` to `out`, with its timestamp in nanoseconds unless
/// `withTimestamp` is false (the receiver then stamps it on arrival).
void appendLine(const CityModel &model, const Reading &reading, std::string &out, bool withTimestamp = true);

/// Escapes a tag key or value (commas, equals signs and spaces).
void appendEscapedTag(std::string_view text, std::string &out);

} // namespace cityops::core
