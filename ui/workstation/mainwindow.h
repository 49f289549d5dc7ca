// MainWindow: the analyst workstation. The shared city map in the centre (MapWidget, once setScenario()
// is called), with docks around it: Layers (left); Inspector and daily KPI Charts (right); Alarms and the
// feeds (latest readings with a text filter, sources, stale sensors, rejected lines) tabbed at the bottom.
// A status bar shows engine time, listen ports and the recording's counters. File exports the map as PNG,
// the selection's readings as CSV and an incident report as PDF. With a simulated city (setSimulation) it
// adds the simulation's controls: pause (Space), speed 1x to 600x (Ctrl+Plus / Ctrl+Minus), the rain
// scenario, and a badge that says the city is simulated.
// Layout (geometry, docks, column widths) persists through QSettings, and so do the speed and rain an
// operator picks, the operator's name (for acknowledgements), the alarm sound and the layer switches.
//
// Threading: GUI thread only. It never sees the engine: it gets snapshots from the EngineBridge signal and
// hands them to its models, which apply them as diffs.
#pragma once

#include "model/citymodel.h"
#include "model/scenario.h"
#include "state/snapshot.h"

#include <QMainWindow>

#include <functional>
#include <map>
#include <memory>

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QTimer;
class QToolBar;
class QCheckBox;

namespace cityops::ui {

class FloodWatch;
class ParkingWatch;
class ServiceWatch;
class SpeedWatch;

class AlarmPanel;
class AlarmsModel;
class DataView;
class EngineBridge;
class InspectorPanel;
class KpiChartsPanel;
class KpiHistory;
class ParkingGuidancePanel;
class WhatIfPanel;
class MapWidget;
class ReadingsFilterModel;
class ReadingsModel;
class RejectionsModel;
class SimulationController;
class SourcesModel;
class StaleSensorsModel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum class View { Sources, Readings, Stale, Rejections, Alarms, Inspector, Charts, Layers, Guidance };
    /// QSettings key of the interface language: "" follows the system, else "en" or "zh_CN".
    static constexpr const char *kLanguageKey = "ui/language";
    /// QSettings keys of the simulation speed (a number) and rain scenario ("none", "light", ...).
    static constexpr const char *kSpeedKey = "simulation/speed";
    static constexpr const char *kRainKey = "simulation/rain";
    /// QSettings key of the operator's name, recorded with every acknowledgement.
    static constexpr const char *kOperatorKey = "operator/name";
    /// Minutes of engine time between the map pictures kept for incident reports.
    static constexpr int kMapPictureEveryMin = 10;

    explicit MainWindow(EngineBridge *bridge, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Restore the saved layout now and save it on close, through QSettings (off by default, so tests and
    /// screenshots always see the default layout).
    void setPersistLayout(bool persist);
    /// True if setPersistLayout() found a saved window geometry.
    bool layoutRestored() const { return m_layoutRestored; }
    /// Adds the controls of the simulated city and its badge in the status bar. Call once; the
    /// controller must outlive the window.
    void setSimulation(SimulationController *simulation);
    /// A lasting note in the status bar (e.g. an option that is not available yet).
    void setNotice(const QString &text);
    /// Shows the city map for this scenario in the centre (`language` "zh" or "en" for its labels).
    void setScenario(std::shared_ptr<const core::Scenario> scenario, const QString &language);
    /// The recording that history queries, exports and reports read (default: the engine's own recording;
    /// the replayed file in a replay).
    void setHistoryPath(const QString &path);
    /// The window as shown, the map included (QWidget::grab() leaves the map's native window blank).
    QImage grabWithMap();
    /// The operator's name: the setting, else the login name.
    static QString operatorName();

    /// File > Open recording: checks the file (a corrupt, truncated or newer file is refused with the reason)
    /// and replays it in a new window of its own (`cityops --replay FILE`), the live one staying as it is.
    /// Without a path it asks for one. False if nothing was started.
    bool openRecording(QString path = {});
    /// Starts a program detached; tests replace it (the test binary is not cityops).
    using Launcher = std::function<bool(const QString &program, const QStringList &arguments)>;
    void setLauncher(Launcher launcher) { m_launcher = std::move(launcher); }

    /// Writes an incident report over [t0Ns, t1Ns] (engine time); false with `error` on failure.
    bool writeIncidentReport(const QString &path, std::int64_t t0Ns, std::int64_t t1Ns, QString &error);
    /// Selects an entity by id (as the map's click would): the inspector shows it. False if unknown.
    bool selectEntityById(const QString &id);
    /// Acknowledges the active alarms of one entity (the map's selection); returns how many.
    int acknowledgeAt(int entity);
    /// Acknowledges alarms in the operator's name; returns how many were acknowledged.
    int acknowledge(const QList<quint64> &ids);

    void showView(View view);

    SourcesModel *sourcesModel() const { return m_sources; }
    ReadingsModel *readingsModel() const { return m_readings; }
    ReadingsFilterModel *readingsFilterModel() const { return m_readingsFilter; }
    StaleSensorsModel *staleSensorsModel() const { return m_stale; }
    RejectionsModel *rejectionsModel() const { return m_rejections; }
    AlarmsModel *alarmsModel() const { return m_alarms; }
    AlarmPanel *alarmPanel() const { return m_alarmPanel; }
    InspectorPanel *inspector() const { return m_inspector; }
    KpiChartsPanel *kpiCharts() const { return m_kpiCharts; }
    /// Whether the flood prediction's roads raise alarms with their lead time (posted to the engine, and so
    /// recorded). On by default; off in a replay, where the recorded forecasts raise them.
    void setRaisesFloodAlarms(bool raise);
    ParkingGuidancePanel *parkingGuidance() const { return m_guidance; }
    /// The what-if dock's panel (null without a simulation).
    WhatIfPanel *whatIfPanel() const { return m_whatIf; }
    KpiHistory *kpiHistory() const { return m_kpiHistory; }
    MapWidget *mapWidget() const { return m_map; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createViews();
    void createActions();
    void createStatusBar();
    void applyDefaultLayout();
    void restoreLayout();
    void saveLayout() const;
    void onSnapshot(const core::SnapshotPtr &snapshot);
    void updateTitles();
    void fitNameColumns(const core::CityModel &city);
    void updatePorts();
    void chooseLanguage(const QString &code);
    void toggleFullScreen();
    void updateSimulation();
    void createLayersPanel();
    void selectEntity(int entity);
    void showOnMap(int entity);
    void captureMap(std::int64_t timeNs);
    QImage mapPictureNear(std::int64_t timeNs, std::int64_t *takenNs) const;
    void exportMapPng();
    void exportCsv();
    void exportReport();
    void askOperatorName();

    EngineBridge *m_bridge;
    bool m_persistLayout = false;
    bool m_layoutRestored = false;
    bool m_shown = false;
    std::shared_ptr<const core::CityModel> m_sizedFor; ///< the city the name columns were sized for

    SourcesModel *m_sources;
    ReadingsModel *m_readings;
    ReadingsFilterModel *m_readingsFilter;
    StaleSensorsModel *m_stale;
    RejectionsModel *m_rejections;

    DataView *m_sourcesView = nullptr;
    DataView *m_readingsView = nullptr;
    DataView *m_staleView = nullptr;
    DataView *m_rejectionsView = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_readingsTitle = nullptr;
    AlarmsModel *m_alarms;
    KpiHistory *m_kpiHistory;
    MapWidget *m_map = nullptr;
    AlarmPanel *m_alarmPanel = nullptr;
    InspectorPanel *m_inspector = nullptr;
    KpiChartsPanel *m_kpiCharts = nullptr;
    QWidget *m_layersPanel = nullptr;
    QList<QCheckBox *> m_layerBoxes;
    QComboBox *m_districtCombo = nullptr;
    QString m_language = QStringLiteral("en");
    Launcher m_launcher;
    QComboBox *m_floodHorizonCombo = nullptr; ///< water depth shown: now, or predicted +30/+60/+120 min
    QComboBox *m_parkingHorizonCombo = nullptr; ///< car parks shown: now, or predicted +30/+60 min
    QComboBox *m_serviceHorizonCombo = nullptr; ///< service queues shown: now, or predicted +30/+60 min
    QTimer *m_symbolCoalesce = nullptr;
    std::unique_ptr<FloodWatch> m_floodWatch;
    std::unique_ptr<ParkingWatch> m_parkingWatch;
    void showFloodDepths();
    void showSymbolPredictions();
    QComboBox *m_speedHorizonCombo = nullptr; ///< road speed shown: now, or predicted +15/+30/+60 min
    std::unique_ptr<SpeedWatch> m_speedWatch;
    std::unique_ptr<ServiceWatch> m_serviceWatch;
    void showSpeedPrediction();
    QDockWidget *m_alarmsDock = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    QDockWidget *m_chartsDock = nullptr;
    QDockWidget *m_whatIfDock = nullptr;
    QDockWidget *m_guidanceDock = nullptr;
    ParkingGuidancePanel *m_guidance = nullptr;
    WhatIfPanel *m_whatIf = nullptr;
    bool m_floodAlarms = true;
    QDockWidget *m_layersDock = nullptr;
    QDockWidget *m_readingsDock = nullptr;
    std::shared_ptr<const core::Scenario> m_scenario;
    QString m_historyPath;
    /// Map pictures for incident reports: engine time -> JPEG, every kMapPictureEveryMin, last 24 h.
    std::map<std::int64_t, QByteArray> m_mapPictures;
    QDockWidget *m_sourcesDock = nullptr;
    QDockWidget *m_staleDock = nullptr;
    QDockWidget *m_rejectionsDock = nullptr;

    QMenu *m_languageMenu = nullptr;
    SimulationController *m_simulation = nullptr;
    QToolBar *m_simulationBar = nullptr;
    QAction *m_pauseAction = nullptr;
    QComboBox *m_speedCombo = nullptr;
    QActionGroup *m_speedGroup = nullptr;
    QActionGroup *m_rainGroup = nullptr;
    QLabel *m_rainLabel = nullptr;
    QLabel *m_simulationLabel = nullptr;
    QLabel *m_noticeLabel = nullptr;
    QLabel *m_timeLabel = nullptr;
    QLabel *m_portsLabel = nullptr;
    QLabel *m_recorderLabel = nullptr;
    QLabel *m_freshnessLabel = nullptr;
};

} // namespace cityops::ui
