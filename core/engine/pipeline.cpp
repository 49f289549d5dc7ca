#include "engine/pipeline.h"

#include "store/recorder.h"

#include <cstring>

namespace cityops::core {

IngestPipeline::IngestPipeline(std::shared_ptr<const CityModel> model, const Clock &clock, ValidationLimits limits,
                               std::size_t maxLineBytes, TimePrecision precision)
    : m_clock(clock), m_validator(model, limits), m_parser(precision), m_maxLineBytes(maxLineBytes), m_state(model)
{
    m_batch.reserve(4096);
}

void IngestPipeline::lines(std::uint32_t source, std::string_view text)
{
    const std::int64_t now = m_clock.nowNs();
    SourceCounters &counters = m_stats.source(source);
    counters.lastSeenNs = now;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const void *nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - text.data()) : text.size();
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;

        if (line.size() > m_maxLineBytes) {
            ++counters.lines;
            m_stats.reject(source, RejectReason::TooLong, line, now);
            continue;
        }
        ParseResult result;
        RejectReason reason;
        if (!m_parser.parse(line, m_parsed, result, reason)) {
            ++counters.lines;
            m_stats.reject(source, reason, line, now);
            continue;
        }
        if (result == ParseResult::Blank)
            continue;
        ++counters.lines;
        Reading reading;
        if (!m_validator.validate(m_parsed, now, reading, reason)) {
            m_stats.reject(source, reason, line, now);
            continue;
        }
        accept(source, reading);
    }
    commitBatch(source);
}

void IngestPipeline::lineTooLong(std::uint32_t source, std::string_view head)
{
    ++m_stats.source(source).lines;
    m_stats.reject(source, RejectReason::TooLong, head, m_clock.nowNs());
}

void IngestPipeline::readings(std::uint32_t source, std::span<const Reading> readings)
{
    const std::int64_t now = m_clock.nowNs();
    SourceCounters &counters = m_stats.source(source);
    counters.lastSeenNs = now;
    for (const Reading &r : readings) {
        ++counters.lines;
        if (r.entity >= m_state.model().size()) {
            m_stats.reject(source, RejectReason::UnknownEntity, "(in-process reading)", now);
            continue;
        }
        accept(source, r);
    }
    commitBatch(source);
}

void IngestPipeline::accept(std::uint32_t source, const Reading &reading)
{
    m_state.apply(reading);
    ++m_stats.source(source).accepted;
    m_batch.push_back(reading);
    if (m_observer)
        m_observer(reading);
}

void IngestPipeline::commitBatch(std::uint32_t source)
{
    if (m_batch.empty())
        return;
    if (m_recorder) {
        if (const std::size_t dropped = m_recorder->append(m_batch); dropped > 0) {
            SourceCounters &counters = m_stats.source(source);
            counters.accepted -= dropped;
            counters.rejected[static_cast<int>(RejectReason::Dropped)] += dropped;
        }
    }
    m_batch.clear();
}

} // namespace cityops::core
