// MainWindow: the analyst workstation for now: the feed sources with their live counters, the latest
// readings of every entity (with a text filter), the sensors that stopped reporting and the recent
// rejected lines, plus a status bar with engine time, listen ports and the recording's counters. With a
// simulated city (setSimulation) it adds the simulation's controls: pause (Space), speed 1x to 600x
// (Ctrl+Plus / Ctrl+Minus), the rain scenario, and a badge that says the city is simulated.
// Layout (geometry, docks, column widths) persists through QSettings, and so do the speed and rain an
// operator picks.
//
// Threading: GUI thread only. It never sees the engine: it gets snapshots from the EngineBridge signal and
// hands them to its models, which apply them as diffs.
#pragma once

#include "model/citymodel.h"
#include "state/snapshot.h"

#include <QMainWindow>

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QToolBar;

namespace cityops::ui {

class DataView;
class EngineBridge;
class ReadingsFilterModel;
class ReadingsModel;
class RejectionsModel;
class SimulationController;
class SourcesModel;
class StaleSensorsModel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum class View { Sources, Readings, Stale, Rejections };
    /// QSettings key of the interface language: "" follows the system, else "en" or "zh_CN".
    static constexpr const char *kLanguageKey = "ui/language";
    /// QSettings keys of the simulation speed (a number) and rain scenario ("none", "light", ...).
    static constexpr const char *kSpeedKey = "simulation/speed";
    static constexpr const char *kRainKey = "simulation/rain";

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

    void showView(View view);

    SourcesModel *sourcesModel() const { return m_sources; }
    ReadingsModel *readingsModel() const { return m_readings; }
    ReadingsFilterModel *readingsFilterModel() const { return m_readingsFilter; }
    StaleSensorsModel *staleSensorsModel() const { return m_stale; }
    RejectionsModel *rejectionsModel() const { return m_rejections; }

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
