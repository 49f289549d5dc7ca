// IngestStats: per-source counters (accepted, rejected by reason, bytes) and the last rejected lines.
//
// Threading: owned by the engine's io thread, which is the only writer and reader; snapshots copy it out.
#pragma once

#include "feed/lineprotocol.h"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::core {

struct SourceCounters {
    std::string name;               ///< e.g. "tcp 127.0.0.1", "udp 127.0.0.1", "sim"
    std::uint64_t lines = 0;        ///< non-blank lines seen
    std::uint64_t accepted = 0;
    std::uint64_t bytes = 0;
    std::uint64_t rejected[kRejectReasonCount] = {};
    std::int64_t lastSeenNs = 0;    ///< engine time of the last line
    int connections = 0;            ///< open TCP connections from this source

    std::uint64_t rejectedTotal() const;
};

struct Rejection {
    std::int64_t timeNs = 0;
    std::string source;
    RejectReason reason = RejectReason::Syntax;
    std::string line;               ///< truncated to kMaxKeptLineBytes, invalid bytes shown as '?'
};

class IngestStats {
public:
    static constexpr std::size_t kMaxKeptRejections = 200;
    static constexpr std::size_t kMaxKeptLineBytes = 256;

    std::uint32_t sourceId(std::string_view name);
    SourceCounters &source(std::uint32_t id) { return m_sources[id]; }
    const std::vector<SourceCounters> &sources() const { return m_sources; }
    const std::deque<Rejection> &recentRejections() const { return m_recent; }

    void reject(std::uint32_t id, RejectReason reason, std::string_view line, std::int64_t nowNs);

    std::uint64_t totalAccepted() const;
    std::uint64_t totalRejected() const;

private:
    std::vector<SourceCounters> m_sources;
    std::deque<Rejection> m_recent;
};

} // namespace cityops::core
