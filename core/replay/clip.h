// cutClip: cuts a time window of a recording into its own recording file that replays on its own. The
// clip starts at the latest state snapshot at or before the window's start (so it carries the state to
// start from) and holds the readings, state marks, events and bookmarks from there to the window's end.
//
// Threading: plain function; it opens its own connections. Run it as a job for long windows.
#pragma once

#include <cstdint>
#include <string>

namespace cityops::core {

struct ClipResult {
    bool ok = false;
    std::string error;
    std::int64_t startNs = 0;   ///< where the clip's replay starts (its snapshot; at or before fromNs)
    std::int64_t endNs = 0;
    std::uint64_t readings = 0, events = 0, states = 0;
    std::uint64_t bytes = 0;
};

/// Writes the clip [fromNs, toNs] of `source` to `target` (which must not exist yet).
ClipResult cutClip(const std::string &source, const std::string &target, std::int64_t fromNs, std::int64_t toNs);

} // namespace cityops::core
