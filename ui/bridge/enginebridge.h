// EngineBridge: the one QObject that knows the engine. Owns a core::Engine, starts and stops it, and hands
// the engine's snapshots to the GUI thread.
//
// Threading: create, use and destroy on the GUI thread. The engine calls publishFromEngine() on its io
// thread; that only stores the newest snapshot under a short mutex and, if no delivery is already pending,
// posts ONE queued call to the GUI thread. So a GUI that falls behind skips snapshots instead of queueing
// them, and snapshotChanged() always carries the newest one. The destructor stops the engine (joining its
// threads) before anything the callback touches goes away.
#pragma once

#include "engine/engine.h"
#include "model/citymodel.h"
#include "snapshotmetatype.h"
#include "state/snapshot.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>
#include <mutex>
#include <vector>


namespace cityops::ui {

class EngineBridge : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(quint16 tcpPort READ tcpPort NOTIFY runningChanged)
    Q_PROPERTY(quint16 udpPort READ udpPort NOTIFY runningChanged)

public:
    /// `clock` is the engine's clock: a virtual one for the simulated city; null means live (system time).
    EngineBridge(std::shared_ptr<const core::CityModel> model, core::EngineConfig config,
                 std::shared_ptr<core::Clock> clock = nullptr, QObject *parent = nullptr);
    ~EngineBridge() override;

    /// When a configured port is busy, listen on a free one instead (reported by tcpFellBack()/udpFellBack()).
    void setPortFallback(bool enabled) { m_portFallback = enabled; }

    /// Starts the engine; on failure returns false and errorString() says why.
    bool start();
    void stop();
    bool running() const;
    QString errorString() const { return m_error; }

    const core::EngineConfig &config() const { return m_config; }
    QString bindAddress() const { return QString::fromStdString(m_config.bindAddress); }
    quint16 tcpPort() const;
    quint16 udpPort() const;
    bool tcpFellBack() const { return m_tcpFellBack; }
    bool udpFellBack() const { return m_udpFellBack; }
    QString recordPath() const { return QString::fromStdString(m_config.recordPath); }

    std::shared_ptr<const core::CityModel> cityModel() const { return m_model; }
    /// The newest snapshot delivered on the GUI thread (null before the first one).
    core::SnapshotPtr latestSnapshot() const { return m_latest; }
    /// Engine time now (the engine's clock), ns since the Unix epoch.
    std::int64_t engineTimeNs() const;
    /// The engine's clock (safe from any thread); it outlives restarts of the engine.
    const std::shared_ptr<core::Clock> &clock() const { return m_clock; }

    /// Acknowledges an active alarm in the operator's name; the engine records it as an event with the
    /// user and the engine time. False if the alarm is not active (or the engine is stopped).
    bool acknowledgeAlarm(quint64 id, const QString &user);
    /// In-process readings, processed like a listener's.
    void ingestReadings(const QString &source, std::vector<core::Reading> readings);
    /// The engine itself, for tests and commands; null while stopped.
    core::Engine *engine() { return m_engine.get(); }

    /// Entry point of the engine's snapshot callback: any thread, typically the engine io thread.
    void publishFromEngine(core::SnapshotPtr snapshot);

Q_SIGNALS:
    void snapshotChanged(std::shared_ptr<const cityops::core::CitySnapshot> snapshot);
    void runningChanged();

private:
    void deliverPending();

    std::shared_ptr<const core::CityModel> m_model;
    core::EngineConfig m_config;
    std::shared_ptr<core::Clock> m_clock;
    std::unique_ptr<core::Engine> m_engine;
    bool m_portFallback = false;
    bool m_tcpFellBack = false;
    bool m_udpFellBack = false;
    QString m_error;
    core::SnapshotPtr m_latest; // GUI thread only

    std::mutex m_pendingMutex;  // guards the two members below, shared with the io thread
    core::SnapshotPtr m_pending;
    bool m_deliveryPosted = false;
};

} // namespace cityops::ui
