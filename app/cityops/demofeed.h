// DemoFeed: a clearly labelled, in-process stand-in for the city simulator (next issue). Every second it
// pushes plausible synthetic readings (core::makeSyntheticLoad) for a tenth of the city through the
// engine, like any feed, so the window shows live data on the first run. A small fixed set of sensors
// reports once at start, as of five minutes earlier, and then stays silent, so stale sensors show up.
// It never sends malformed lines: rejections come only from real clients.
//
// Threading: GUI thread (a QTimer); the readings are handed to the engine through EngineBridge.
#pragma once

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <vector>

namespace cityops::ui {
class EngineBridge;
}

namespace cityops::app {

class DemoFeed : public QObject {
    Q_OBJECT

public:
    static constexpr const char *kSourceName = "demo (synthetic)";

    explicit DemoFeed(ui::EngineBridge *bridge, QObject *parent = nullptr);

    void start();
    void stop();
    /// Entity indices that the feed leaves silent.
    const std::vector<std::uint32_t> &silentEntities() const { return m_silentList; }

private:
    void tick();

    ui::EngineBridge *m_bridge;
    QTimer m_timer;
    std::uint64_t m_tick = 0;
    std::vector<bool> m_silent;
    std::vector<std::uint32_t> m_silentList;
};

} // namespace cityops::app
