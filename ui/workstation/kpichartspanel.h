// KpiChartsPanel: the day's network KPIs minute by minute (from KpiHistory): average speed with the
// congestion index, and free parking spaces with the longest service wait and the open alarms. "Today"
// starts at midnight in the city; "last 24 h" rolls. Redrawn at most every 2 s. Above them, the effect of
// adaptive signal control against the fixed-time plans over the next hour, from the newest what-if.
// Threading: GUI thread.
#pragma once

#include <QTimeZone>
#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;
class QTimer;

namespace cityops::ui {

class KpiHistory;

class KpiChartsPanel : public QWidget {
    Q_OBJECT

public:
    KpiChartsPanel(KpiHistory *history, QWidget *parent = nullptr);

    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }
    QChartView *trafficChart() const { return m_traffic; }
    QChartView *servicesChart() const { return m_services; }
    /// Draws now (normally coalesced).
    void redraw();
    /// The line on adaptive control's effect: speed, delay and stops against the fixed-time plans.
    void setSignalEffect(double speedChange, double delayChange, double stopsChange, int minutes);
    QString signalEffectText() const;

private:
    KpiHistory *m_history;
    QComboBox *m_span;
    QLabel *m_effect;
    QChartView *m_traffic;
    QChartView *m_services;
    QTimer *m_coalesce;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
};

} // namespace cityops::ui
