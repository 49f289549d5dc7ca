// InspectorPanel: the selected entity (from the map, the alarm table or the readings): its live values and
// a chart of its recent hours from the recording, one field at a time, with the min-max band of each
// downsampled bucket. Other entities can be pinned to compare them on the same axes. The history loads as
// a HistoryJob (off the GUI thread, with progress and Cancel) and refreshes every 15 s while shown.
// The chart zooms with the mouse wheel or a dragged range and pans with the arrow keys; Home resets it.
// Exports: the chart as PNG, and the selection's readings over the shown range as CSV. For a road link's
// speed, the chart continues into the next hour with the forecast (+15, +30, +60 min, dashed) and its
// 10-90 % band, from a SpeedWatch.
//
// Threading: GUI thread; the history query runs on the job's own thread.
#pragma once

#include "snapshotmetatype.h"

#include "historyjob.h"
#include "optimize/adaptivecontroller.h"
#include "state/snapshot.h"

#include <QChartView>
#include <QWidget>

#include <memory>

class QAreaSeries;
namespace cityops::ui {
class FloodWatch;
class ParkingWatch;
class ServiceWatch;
class SimulationController;
class SpeedWatch;
} // namespace cityops::ui
class QComboBox;
class QLineSeries;
class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace cityops::ui {

/// A chart view for time series: horizontal zoom by wheel and rubber band, arrow keys pan, Home resets.
class TimeChartView : public QChartView {
    Q_OBJECT

public:
    using QChartView::QChartView;

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
};

class InspectorPanel : public QWidget {
    Q_OBJECT

public:
    explicit InspectorPanel(QWidget *parent = nullptr);
    ~InspectorPanel() override;

    void setRecordingPath(const QString &path) { m_recordingPath = path; }
    /// Where the speed forecasts come from (may be null: no forecasts).
    void setSpeedWatch(const SpeedWatch *watch);
    /// Where the flood forecasts come from: a road's, tunnel's, underpass's or underground car park's
    /// predicted water shows under its values (may be null).
    void setFloodWatch(const FloodWatch *watch);
    /// The flood forecast line shown for the selection (empty: none), for tests.
    QString floodText() const;
    /// Where a service centre's load, expected wait and staffing advice come from (may be null).
    void setServiceWatch(const ServiceWatch *watch);
    /// Where a car park's availability forecast comes from (may be null).
    void setParkingWatch(const ParkingWatch *watch);
    /// The parking lines shown for the selection (empty: none), for tests.
    QString parkingText() const { return m_parkingText; }
    /// Where an intersection's phase timing comes from: a signal, or the signal at the end of a selected road,
    /// shows its phases' planned greens (may be null).
    void setSimulation(const SimulationController *simulation) { m_simulation = simulation; }
    /// The signal timing shown for the selection (rich text; empty: none), for tests.
    QString signalText() const { return m_signalText; }
    /// The service lines shown for the selection (empty: none), for tests.
    QString serviceText() const { return m_serviceText; }
    /// Points of the forecast line now shown (0: none), for tests.
    int forecastPointCount() const;
    int entity() const { return m_entity; }
    std::vector<std::uint32_t> chartedEntities() const;
    /// Hours of history shown.
    int rangeHours() const;
    void setRangeHours(int hours);
    QChartView *chartView() const { return m_chartView; }
    /// The chart as an image (for PNG export and the incident report).
    QImage chartImage(QSize size = {}) const;
    /// The range of the last finished query.
    std::int64_t shownT0Ns() const { return m_shownT0; }
    std::int64_t shownT1Ns() const { return m_shownT1; }
    HistoryJob *job() const { return m_job.get(); }

public Q_SLOTS:
    void setEntity(int entity);
    void applySnapshot(const std::shared_ptr<const cityops::core::CitySnapshot> &snapshot);
    void pinCurrent();
    void clearPinned();
    void refresh();
    void exportPng();
    void exportCsv();

Q_SIGNALS:
    /// A history query finished and the chart shows it.
    void chartUpdated();
    void showOnMapRequested(int entity);
    /// The operator asked to acknowledge the active alarms of the selected entity.
    void acknowledgeHereRequested(int entity);

private:
    void updateHeader();
    void fillFields();
    void onJobFinished();
    qint64 chartMs(std::int64_t ns) const; ///< Display::chartMs in the city's zone
    void updateForecast();
    QString floodForecastText() const;
    QString serviceLoadText() const;
    QString parkingForecastText() const;
    /// Takes `watch` as the source behind `member`, refreshing with `onOutlook` on each of its outlooks.
    template <class Watch>
    void followWatch(const Watch *&member, const Watch *watch, void (InspectorPanel::*onOutlook)());
    void requestSignalTiming();
    void showSignalTiming(int entity, const core::SignalTimingView &view);

    QString m_recordingPath;
    core::SnapshotPtr m_snapshot;
    int m_entity = -1;
    std::vector<std::uint32_t> m_pinned;
    std::unique_ptr<HistoryJob> m_job;
    std::int64_t m_shownT0 = 0, m_shownT1 = 0;

    QLabel *m_title;
    QLabel *m_values;
    QComboBox *m_range;
    QComboBox *m_field;
    QPushButton *m_pin;
    QPushButton *m_clear;
    QPushButton *m_csv;
    QPushButton *m_png;
    QPushButton *m_ackHere;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_status;
    TimeChartView *m_chartView;
    QTimer *m_refresh;
    const SpeedWatch *m_speedWatch = nullptr;
    const FloodWatch *m_floodWatch = nullptr;
    QString m_floodText;
    const ServiceWatch *m_serviceWatch = nullptr;
    QString m_serviceText;
    const ParkingWatch *m_parkingWatch = nullptr;
    QString m_parkingText;
    const SimulationController *m_simulation = nullptr;
    QLabel *m_signal;
    QString m_signalText;
    qint64 m_signalAskedMs = 0;
    QLineSeries *m_forecastLine = nullptr; ///< owned by the chart
    QAreaSeries *m_forecastBand = nullptr;
};

} // namespace cityops::ui
