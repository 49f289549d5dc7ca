// ReplaySource: a recording as a ReadingSource. Attached to an Engine (Engine::attachSource), it feeds
// the recorded readings to the same pipeline and alarm engine as a live run, paced by the engine's
// clock (the replay clock: pause, 0.25x .. 3600x), and hands the recorded operator actions
// (acknowledgements, and flood forecasts posted from outside the engine) back at the engine time they
// were taken, so alarms replay exactly.
//
// Threading: owned by the engine's io thread once attached (reach it through Engine::run/post). It has
// its own read-only SQLite connection and reads ahead in blocks of engine time.
#pragma once

#include "engine/readingsource.h"
#include "store/recordingreader.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cityops::core {

class ReplaySource : public ReadingSource {
public:
    /// Opens `path`; starts at `startNs` (normally Recording::startNs()) and ends at `endNs`.
    static std::shared_ptr<ReplaySource> open(const std::string &path, std::int64_t startNs, std::int64_t endNs,
                                              std::string &error);

    void advanceTo(std::int64_t timeNs, std::vector<Reading> &out) override;
    std::int64_t timeNs() const override { return m_timeNs; }
    void takeActions(std::vector<Event> &out) override;

    /// Moves the position: everything up to `timeNs` counts as produced (after a state restore).
    void seek(std::int64_t timeNs);
    std::int64_t endNs() const { return m_endNs; }
    bool atEnd() const { return m_timeNs >= m_endNs; }
    /// The recorded readings with `after` < time <= `until`, each sensor's in time order (for refilling
    /// rolling windows; not in replay order).
    bool readingsBetween(std::int64_t after, std::int64_t until, std::vector<Reading> &out, std::string &error);
    /// Set when reading the file failed; the source then stops where it was.
    const std::string &error() const { return m_error; }
    /// Readings handed out so far.
    std::uint64_t produced() const { return m_produced; }

    /// Engine time read ahead per block.
    static constexpr std::int64_t kBlockNs = 5LL * 60'000'000'000LL;

private:
    ReplaySource() = default;

    std::unique_ptr<RecordingReader> m_reader;
    std::int64_t m_timeNs = 0, m_endNs = 0;
    std::int64_t m_loadedNs = 0;          ///< m_buffer holds the readings in (m_timeNs, m_loadedNs]
    std::vector<Reading> m_buffer;
    std::size_t m_next = 0;               ///< first reading of m_buffer not handed out
    std::vector<Event> m_actions;         ///< acknowledgements and flood forecasts, by time
    std::size_t m_nextAction = 0;
    std::uint64_t m_produced = 0;
    std::string m_error;
};

} // namespace cityops::core
