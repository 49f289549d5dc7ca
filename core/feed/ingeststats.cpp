#include "feed/ingeststats.h"

#include <numeric>

namespace cityops::core {

std::uint64_t SourceCounters::rejectedTotal() const
{
    return std::accumulate(std::begin(rejected), std::end(rejected), std::uint64_t{0});
}

std::uint32_t IngestStats::sourceId(std::string_view name)
{
    for (std::uint32_t k = 0; k < m_sources.size(); ++k)
        if (m_sources[k].name == name)
            return k;
    m_sources.push_back({});
    m_sources.back().name = std::string(name);
    return static_cast<std::uint32_t>(m_sources.size() - 1);
}

void IngestStats::reject(std::uint32_t id, RejectReason reason, std::string_view line, std::int64_t nowNs)
{
    SourceCounters &s = m_sources[id];
    ++s.rejected[static_cast<int>(reason)];
    Rejection r;
    r.timeNs = nowNs;
    r.source = s.name;
    r.reason = reason;
    // Keep something a person can read: valid UTF-8 stays (cut on a character boundary), control
    // characters and the bytes of an invalid line show as '?'.
    std::string_view kept = line.substr(0, kMaxKeptLineBytes);
    while (!kept.empty() && kept.size() < line.size() && (static_cast<unsigned char>(line[kept.size()]) & 0xC0) == 0x80)
        kept.remove_suffix(1);
    const bool utf8 = isCleanUtf8(kept);
    r.line.reserve(kept.size() + 3);
    for (char c : kept) {
        const auto u = static_cast<unsigned char>(c);
        r.line.push_back(u < 0x20 || u == 0x7f || (u >= 0x80 && !utf8) ? '?' : c);
    }
    if (line.size() > kMaxKeptLineBytes)
        r.line += "...";
    m_recent.push_back(std::move(r));
    if (m_recent.size() > kMaxKeptRejections)
        m_recent.pop_front();
}

std::uint64_t IngestStats::totalAccepted() const
{
    std::uint64_t n = 0;
    for (const auto &s : m_sources)
        n += s.accepted;
    return n;
}

std::uint64_t IngestStats::totalRejected() const
{
    std::uint64_t n = 0;
    for (const auto &s : m_sources)
        n += s.rejectedTotal();
    return n;
}

} // namespace cityops::core
