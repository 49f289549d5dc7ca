// IncidentReport: the PDF a shift supervisor files after an incident (QPdfWriter, A4 landscape):
//   page 1: the time window, the key figures over it, and the map at the start and at the peak;
//   page 2: the charts (network KPIs over the window, and the inspector's chart if there is one);
//   page 3 on: the alarm log of the window from the recording (raised, acknowledged by whom, cleared).
// Threading: GUI thread (QPainter on images and a QPdfWriter).
#pragma once

#include "networkkpis.h"

#include "store/recorder.h"

#include <QCoreApplication>
#include <QImage>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <vector>

namespace cityops::ui {

struct IncidentReportData {
    QString title;
    QString cityName;
    std::int64_t t0Ns = 0, t1Ns = 0;
    QTimeZone zone = QTimeZone::systemTimeZone();
    QImage mapStart, mapPeak;
    std::int64_t mapStartNs = 0, mapPeakNs = 0;
    std::vector<NetworkKpis> kpis;   ///< minute by minute over the window
    QList<QImage> charts;            ///< drawn as they are, two per page
    std::vector<core::Event> events; ///< the recording's events in the window, oldest first
    QString author;
};

class IncidentReport {
    Q_DECLARE_TR_FUNCTIONS(cityops::ui::IncidentReport)

public:
    /// Writes the report; false with `error` set if the file cannot be written.
    static bool write(const IncidentReportData &data, const QString &path, QString &error);
    /// The minute of the window with the most open alarms (the slowest network on a tie), or t0.
    static std::int64_t peakTime(const std::vector<NetworkKpis> &kpis, std::int64_t t0Ns);
};

} // namespace cityops::ui
