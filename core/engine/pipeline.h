// IngestPipeline: listeners -> parse -> validate -> live state -> recorder. The LineSink the listeners
// deliver to, and the entry for in-process feeds (the simulator).
//
// Threading: every member runs on the engine's io thread. It holds one reusable parser and one reading
// batch, so the hot path allocates nothing per line; the batch goes to the recorder once per buffer.
#pragma once

#include "engine/clock.h"
#include "feed/ingeststats.h"
#include "feed/linesink.h"
#include "feed/validator.h"
#include "state/livestate.h"

#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace cityops::core {

class Recorder;

class IngestPipeline : public LineSink {
public:
    IngestPipeline(std::shared_ptr<const CityModel> model, const Clock &clock, ValidationLimits limits,
                   std::size_t maxLineBytes, TimePrecision precision);

    void setRecorder(Recorder *recorder) { m_recorder = recorder; }
    /// Called for every accepted reading after it reached the state (models, alarms).
    void setObserver(std::function<void(const Reading &)> observer) { m_observer = std::move(observer); }

    std::uint32_t sourceId(std::string_view name) override { return m_stats.sourceId(name); }
    void lines(std::uint32_t source, std::string_view text) override;
    void lineTooLong(std::uint32_t source, std::string_view head) override;
    void received(std::uint32_t source, std::size_t bytes) override { m_stats.source(source).bytes += bytes; }
    void connection(std::uint32_t source, int delta) override { m_stats.source(source).connections += delta; }

    /// Readings produced in-process (already typed): checked against the model's limits like any line.
    void readings(std::uint32_t source, std::span<const Reading> readings);

    LiveState &state() { return m_state; }
    const IngestStats &stats() const { return m_stats; }

private:
    void accept(std::uint32_t source, const Reading &reading);
    void commitBatch(std::uint32_t source);

    const Clock &m_clock;
    Validator m_validator;
    LineParser m_parser;
    std::size_t m_maxLineBytes;
    LiveState m_state;
    IngestStats m_stats;
    Recorder *m_recorder = nullptr;
    std::function<void(const Reading &)> m_observer;
    ParsedLine m_parsed;
    std::vector<Reading> m_batch;
};

} // namespace cityops::core
