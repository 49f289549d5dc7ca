// Chunk codec: packs the readings of one entity and measurement into a compact blob, the unit the
// recorder stores (one row per entity per commit, in the manner of time-series stores) and the history
// and replay readers decode. Pure functions; thread-safe.
//
// Layout per reading: zigzag varint of the time delta to the previous reading (the first against the
// chunk's t0), one byte (field mask in the low nibble, code in the high nibble), then one little-endian
// IEEE double per present field.
#pragma once

#include "feed/reading.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cityops::core {

/// Appends the encoding of `readings` (same entity and measurement, sorted by time) to `out`.
void encodeChunk(std::span<const Reading> readings, std::int64_t t0, std::string &out);

/// Decodes `n` readings; returns false if the blob is malformed (never reads past its end).
bool decodeChunk(const void *data, std::size_t size, std::int64_t t0, std::uint32_t entity,
                 Measurement measurement, std::int64_t n, std::vector<Reading> &out);

} // namespace cityops::core
