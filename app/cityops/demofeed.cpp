#include "demofeed.h"

#include "enginebridge.h"
#include "feed/syntheticload.h"

#include <array>

namespace cityops::app {

namespace {

constexpr int kSlices = 10;                       // each entity reports every kSlices seconds
constexpr std::int64_t kSilentSinceNs = 5LL * 60 * 1'000'000'000;
constexpr std::array<int, 2> kSilentPerKind = {3, 17}; // the n-th entities of each kind stay silent

} // namespace

DemoFeed::DemoFeed(ui::EngineBridge *bridge, QObject *parent)
    : QObject(parent), m_bridge(bridge)
{
    const auto model = m_bridge->cityModel();
    m_silent.assign(model->size(), false);
    std::array<int, core::kEntityKindCount> seen{};
    for (std::uint32_t k = 0; k < model->size(); ++k) {
        const int kind = static_cast<int>(model->entity(k).kind);
        const int n = seen[static_cast<std::size_t>(kind)]++;
        for (int pick : kSilentPerKind)
            if (n == pick) {
                m_silent[k] = true;
                m_silentList.push_back(k);
            }
    }
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &DemoFeed::tick);
}

void DemoFeed::start()
{
    if (m_timer.isActive())
        return;
    tick();
    m_timer.start();
}

void DemoFeed::stop()
{
    m_timer.stop();
}

void DemoFeed::tick()
{
    const auto model = m_bridge->cityModel();
    const std::size_t n = model->size();
    if (n == 0 || !m_bridge->running())
        return;
    const std::int64_t now = m_bridge->engineTimeNs();
    std::vector<core::Reading> readings;

    if (m_tick == 0) {
        // Everyone once, so the window fills at start; the silent sensors' only reading is five minutes old.
        const auto all = core::makeSyntheticLoad(*model, n, now, 0, m_tick + 1);
        const auto old = core::makeSyntheticLoad(*model, n, now - kSilentSinceNs, 0, 0);
        readings.reserve(n);
        for (std::size_t k = 0; k < n; ++k)
            readings.push_back(m_silent[k] ? old[k] : all[k]);
    } else {
        // One contiguous slice per second: every entity reports every kSlices seconds.
        const auto all = core::makeSyntheticLoad(*model, n, now, 0, m_tick + 1);
        const std::size_t slice = static_cast<std::size_t>(m_tick % kSlices);
        const std::size_t begin = slice * n / kSlices, end = (slice + 1) * n / kSlices;
        readings.reserve(end - begin);
        for (std::size_t k = begin; k < end; ++k)
            if (!m_silent[k])
                readings.push_back(all[k]);
    }
    ++m_tick;
    m_bridge->ingestReadings(QString::fromLatin1(kSourceName), std::move(readings));
}

} // namespace cityops::app
