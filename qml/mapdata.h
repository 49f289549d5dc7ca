// MapData: what the map draws, shared by any number of CityMap items (wall display and workstation): the
// scenario (geometry, built once), the newest engine snapshot and a water-depth field.
//
// Snapshots and depth fields are coalesced: setSnapshot() and setFloodField() only keep the newest one and
// arm a single-shot timer (updateIntervalMs, 40 ms by default); when it fires, both are applied together
// (floodFieldChanged(), then snapshotApplied()), so the map's cache renders once for what arrived together.
// A snapshot never rebuilds geometry.
//
// Threading: GUI thread only. EngineBridge already delivers its snapshots there.
#pragma once

#include "model/scenario.h"
#include "state/snapshot.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace cityops::ui {

/// Water depths on a regular lon/lat grid (an ESRI ASCII grid's geometry: row 0 is the northernmost).
struct FloodField {
    int cols = 0;
    int rows = 0;
    double xllCorner = 0; ///< lon of the lower-left corner of the lower-left cell
    double yllCorner = 0; ///< lat of the same
    double cellSize = 0;  ///< degrees
    std::vector<float> depths; ///< m, cols * rows, row 0 first
    int horizonMin = 0;        ///< 0: depths now; else predicted this many minutes ahead (the legend says so)
    bool valid() const
    {
        return cols > 0 && rows > 0 && cellSize > 0 && depths.size() == static_cast<std::size_t>(cols) * rows;
    }
    float at(int col, int row) const { return depths[static_cast<std::size_t>(row) * cols + col]; }
};

class MapData : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool hasScenario READ hasScenario NOTIFY scenarioChanged)
    Q_PROPERTY(QString scenarioName READ scenarioName NOTIFY scenarioChanged)
    Q_PROPERTY(int updateIntervalMs READ updateIntervalMs WRITE setUpdateIntervalMs NOTIFY updateIntervalMsChanged)
    Q_PROPERTY(qint64 snapshotTimeMs READ snapshotTimeMs NOTIFY snapshotApplied)
    Q_PROPERTY(QString lastError READ lastError NOTIFY scenarioChanged)

public:
    explicit MapData(QObject *parent = nullptr);

    void setScenario(std::shared_ptr<const core::Scenario> scenario);
    const std::shared_ptr<const core::Scenario> &scenario() const { return m_scenario; }
    bool hasScenario() const { return m_scenario != nullptr; }
    QString scenarioName() const;
    QString lastError() const { return m_error; }
    /// Loads a scenario folder (for QML and tools; the application hands over the scenario it loaded).
    Q_INVOKABLE bool loadScenario(const QString &folder);

    /// Takes a snapshot for the next coalesced redraw (any rate; only the newest one is drawn).
    void setSnapshot(core::SnapshotPtr snapshot);
    const core::SnapshotPtr &snapshot() const { return m_current; }
    qint64 snapshotTimeMs() const { return m_current ? m_current->timeNs / 1000000 : 0; }
    /// Applies a pending snapshot now (tests, screenshots).
    Q_INVOKABLE void flush();
    /// Shows `snapshot` instead of the fed ones until called with null (a replay's preview while its
    /// timeline is dragged); the fed snapshots wait meanwhile, and the newest is shown when it ends.
    void setPreview(core::SnapshotPtr snapshot);
    bool previewing() const { return m_previewing; }
    /// Feeds this map from an EngineBridge (or anything with its snapshotChanged signal and
    /// latestSnapshot()): its current snapshot now, and every new one. A template so that the map does not
    /// link the bridge.
    template <class Bridge>
    void attach(const Bridge *bridge)
    {
        disconnect(m_bridgeConnection);
        if (!bridge)
            return;
        m_bridgeConnection = connect(bridge, &Bridge::snapshotChanged, this, &MapData::setSnapshot);
        if (auto latest = bridge->latestSnapshot())
            setSnapshot(std::move(latest));
    }

    int updateIntervalMs() const { return m_timer.interval(); }
    void setUpdateIntervalMs(int ms);

    /// Road speeds predicted `horizonMin` minutes ahead, one per Scenario::links entry (NaN: none), which
    /// the traffic layer then shows instead of the live speeds; horizonMin 0 (or no speeds) goes back to live.
    void setTrafficPrediction(int horizonMin, std::vector<float> speedsKmh);
    int trafficPredictionHorizon() const { return m_predictionHorizon; }
    const std::vector<float> &trafficPrediction() const { return m_predictedSpeed; }

    /// Values predicted `horizonMin` minutes ahead for the symbols of one kind, one per model entity (NaN:
    /// none): car parks their occupancy rate (0..1), service centres the people waiting per open counter.
    /// The kind's layer shows them instead of the live state; horizonMin 0 (or no values) goes back to live.
    void setSymbolPrediction(core::EntityKind kind, int horizonMin, std::vector<float> perEntity);
    int symbolPredictionHorizon(core::EntityKind kind) const { return m_symbolPrediction[index(kind)].horizonMin; }
    const std::vector<float> &symbolPrediction(core::EntityKind kind) const { return m_symbolPrediction[index(kind)].values; }

    /// The water-depth field to show (the simulator's current depths or a prediction), applied with the
    /// next coalesced redraw (flush() applies it now).
    void setFloodField(FloodField field);
    const FloodField &floodField() const { return m_flood; }
    /// A field with the geometry of the scenario's terrain grid (depths row 0 north, m).
    Q_INVOKABLE bool setFloodDepths(const QVariantList &depths);
    Q_INVOKABLE void clearFloodField();

Q_SIGNALS:
    void scenarioChanged();
    void snapshotApplied();
    void floodFieldChanged();
    void trafficPredictionChanged();
    void symbolPredictionChanged(cityops::core::EntityKind kind);
    void updateIntervalMsChanged();

private:
    void applyPending();

    std::shared_ptr<const core::Scenario> m_scenario;
    core::SnapshotPtr m_current;
    void arm();

    core::SnapshotPtr m_pending;
    core::SnapshotPtr m_fed; ///< the newest fed snapshot applied while a preview is shown
    bool m_previewing = false;
    FloodField m_flood;
    std::optional<FloodField> m_pendingFlood;
    int m_predictionHorizon = 0;
    std::vector<float> m_predictedSpeed;
    struct SymbolPrediction {
        int horizonMin = 0;
        std::vector<float> values;
    };
    static std::size_t index(core::EntityKind kind) { return static_cast<std::size_t>(kind); }
    std::array<SymbolPrediction, 6> m_symbolPrediction; ///< by EntityKind
    QTimer m_timer;
    QString m_error;
    QMetaObject::Connection m_bridgeConnection;
};

} // namespace cityops::ui
