// WhatIfPanel: the dashboard's signal-control effect and the digital twin's what-if, side by side. It runs
// the live traffic forward (30, 60 or 120 min) twice from the same state, under the fixed-time plans and
// under adaptive control, and shows both outcomes next to each other: average speed, delay, stops and
// vehicles arrived, the change adaptive control makes, and the network's speed over the run for both. The
// flood prediction's impassable roads lose their capacity in both runs. It refreshes on its own every 15
// engine minutes while shown (a setting), or on Run (Ctrl+Shift+W).
//
// Threading: GUI thread; the runs are a WhatIfJob on a thread of its own.
#pragma once

#include "whatifjob.h"

#include <QTimeZone>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace cityops::ui {

class FloodWatch;
class SimulationController;

class WhatIfPanel : public QWidget {
    Q_OBJECT

public:
    WhatIfPanel(SimulationController *simulation, QWidget *parent = nullptr);
    ~WhatIfPanel() override;

    /// Where the flood prediction comes from (may be null: no flood cuts).
    void setFloodWatch(const FloodWatch *watch) { m_flood = watch; }
    /// The city's time zone, for the start time shown.
    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }
    /// Also refreshes on its own while `wanted()` says its outcome is looked at elsewhere (the dashboard).
    void setWanted(std::function<bool()> wanted) { m_wanted = std::move(wanted); }
    /// Starts a run with the chosen horizon (no-op while one runs).
    void run();
    void cancel();
    bool running() const;
    /// The outcome shown (null: none yet), for tests and the incident report.
    std::shared_ptr<const core::WhatIfResult> result() const { return m_result; }
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    /// A run finished with a result.
    void resultChanged();

private:
    void finished();
    void showResult();
    void autoRefresh();

    SimulationController *m_simulation;
    const FloodWatch *m_flood = nullptr;
    WhatIfJob m_job;
    std::shared_ptr<const core::WhatIfResult> m_result;
    QComboBox *m_horizon;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QCheckBox *m_auto;
    QProgressBar *m_progress;
    QLabel *m_status;
    QTableWidget *m_table;
    QChartView *m_chart;
    QTimer *m_timer;
    qint64 m_lastStartMs = 0;
    std::function<bool()> m_wanted;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
};

} // namespace cityops::ui
