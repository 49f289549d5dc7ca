#include "replay/replaysource.h"

#include <algorithm>

namespace cityops::core {

std::shared_ptr<ReplaySource> ReplaySource::open(const std::string &path, std::int64_t startNs, std::int64_t endNs,
                                                 std::string &error)
{
    std::shared_ptr<ReplaySource> source(new ReplaySource);
    source->m_reader = RecordingReader::open(path, error);
    if (!source->m_reader)
        return nullptr;
    source->m_endNs = endNs;
    // Acknowledgements at the start itself were taken after the state the replay starts from. Flood
    // forecasts are posted to the engine like operator actions (Engine::postFloodForecast); re-applying
    // one at the start itself is harmless (a forecast replaces the previous one wholly).
    for (Event &e : source->m_reader->events(startNs, endNs))
        if (e.kind == "alarm.acknowledged" || e.kind == "flood.forecast")
            source->m_actions.push_back(std::move(e));
    source->seek(startNs);
    return source;
}

void ReplaySource::seek(std::int64_t timeNs)
{
    m_timeNs = m_loadedNs = timeNs;
    m_buffer.clear();
    m_next = 0;
    m_nextAction = static_cast<std::size_t>(
        std::lower_bound(m_actions.begin(), m_actions.end(), timeNs,
                         [](const Event &e, std::int64_t t) { return e.timeNs < t; }) -
        m_actions.begin());
}

void ReplaySource::advanceTo(std::int64_t timeNs, std::vector<Reading> &out)
{
    if (!m_error.empty())
        return;
    std::int64_t target = std::min(timeNs, m_endNs);
    // Stop at the next operator action, so that the engine takes it at its own time.
    if (m_nextAction < m_actions.size()) {
        if (m_actions[m_nextAction].timeNs <= m_timeNs)
            return; // due now: takeActions() hands it over
        target = std::min(target, m_actions[m_nextAction].timeNs);
    }
    if (target <= m_timeNs)
        return;
    while (m_loadedNs < target) {
        if (m_next > 0) { // drop what was handed out before reading more
            m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(m_next));
            m_next = 0;
        }
        const std::int64_t until = std::min(m_endNs, std::max(target, m_loadedNs + kBlockNs));
        if (!m_reader->readingsBetween(m_loadedNs, until, m_buffer, m_error))
            return;
        m_loadedNs = until;
    }
    const std::size_t from = m_next;
    while (m_next < m_buffer.size() && m_buffer[m_next].timeNs <= target)
        ++m_next;
    out.insert(out.end(), m_buffer.begin() + static_cast<std::ptrdiff_t>(from),
               m_buffer.begin() + static_cast<std::ptrdiff_t>(m_next));
    m_produced += m_next - from;
    m_timeNs = target;
}

void ReplaySource::takeActions(std::vector<Event> &out)
{
    while (m_nextAction < m_actions.size() && m_actions[m_nextAction].timeNs <= m_timeNs)
        out.push_back(m_actions[m_nextAction++]);
}

bool ReplaySource::readingsBetween(std::int64_t after, std::int64_t until, std::vector<Reading> &out,
                                   std::string &error)
{
    return m_reader->readingsBetween(after, until, out, error, false);
}

} // namespace cityops::core
