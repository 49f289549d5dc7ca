#include "incidentreport.h"

#include "alarmsmodel.h"
#include "display.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>

namespace cityops::ui {

namespace {

QString eventText(const std::string &kind)
{
    if (kind == "alarm.raised")
        return IncidentReport::tr("raised");
    if (kind == "alarm.acknowledged")
        return IncidentReport::tr("acknowledged");
    if (kind == "alarm.cleared")
        return IncidentReport::tr("cleared");
    return QString::fromStdString(kind);
}

QString alarmKindText(const QString &name)
{
    for (int k = 0; k < core::kAlarmKindCount; ++k) {
        const auto kind = static_cast<core::AlarmKind>(k);
        const std::string_view key = core::alarmKindName(kind);
        if (name == QLatin1String(key.data(), static_cast<qsizetype>(key.size())))
            return AlarmsModel::kindText(kind);
    }
    return name;
}

} // namespace

std::int64_t IncidentReport::peakTime(const std::vector<NetworkKpis> &kpis, std::int64_t t0Ns)
{
    const NetworkKpis *best = nullptr;
    for (const NetworkKpis &k : kpis)
        if (!best || k.openAlarms > best->openAlarms
            || (k.openAlarms == best->openAlarms && k.hasSpeed && k.averageSpeedKmh < best->averageSpeedKmh))
            best = &k;
    return best ? best->timeNs : t0Ns;
}

bool IncidentReport::write(const IncidentReportData &d, const QString &path, QString &error)
{
    QPdfWriter pdf(path);
    pdf.setTitle(d.title);
    pdf.setCreator(QStringLiteral("CityOps"));
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setPageOrientation(QPageLayout::Landscape);
    pdf.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter);
    pdf.setResolution(150);
    QPainter p;
    if (!p.begin(&pdf)) {
        error = tr("Cannot write %1.").arg(path);
        return false;
    }
    const QRect page = p.viewport();
    const int w = page.width(), h = page.height();
    QFont titleFont(QStringLiteral("Noto Sans"), 18, QFont::Bold);
    QFont headFont(QStringLiteral("Noto Sans"), 12, QFont::Bold);
    QFont bodyFont(QStringLiteral("Noto Sans"), 9);
    const QLocale locale;
    auto when = [&](std::int64_t ns) { return Display::dateTime(ns, d.zone); };
    int pageNo = 1;
    auto footer = [&] {
        p.setFont(bodyFont);
        p.setPen(Qt::darkGray);
        p.drawText(QRect(0, h - 30, w, 30), Qt::AlignRight | Qt::AlignBottom,
                   tr("CityOps incident report · page %1").arg(pageNo));
        p.setPen(Qt::black);
    };

    // Page 1: window, figures, maps.
    p.setFont(titleFont);
    int y = 0;
    p.drawText(QRect(0, y, w, 60), Qt::AlignLeft | Qt::AlignTop, d.title);
    y += 70;
    p.setFont(bodyFont);
    const QString window = tr("%1: %2 to %3 (%4)").arg(d.cityName, when(d.t0Ns), when(d.t1Ns), d.zone.displayName(QDateTime::currentDateTime(), QTimeZone::OffsetName));
    p.drawText(QRect(0, y, w, 30), Qt::AlignLeft, window);
    y += 32;
    if (!d.author.isEmpty()) {
        p.drawText(QRect(0, y, w, 30), Qt::AlignLeft, tr("Prepared by %1 on %2").arg(d.author, QDateTime::currentDateTime().toString(Qt::ISODate)));
        y += 32;
    }
    // Figures over the window.
    double minSpeed = 0, maxCongestion = 0, maxWait = 0;
    int maxAlarms = 0, minFree = 0;
    bool first = true;
    for (const NetworkKpis &k : d.kpis) {
        minSpeed = first ? k.averageSpeedKmh : std::min(minSpeed, k.averageSpeedKmh);
        minFree = first ? k.freeParkingSpaces : std::min(minFree, k.freeParkingSpaces);
        maxCongestion = std::max(maxCongestion, k.congestionIndex);
        maxWait = std::max(maxWait, k.longestWaitMin);
        maxAlarms = std::max(maxAlarms, k.openAlarms);
        first = false;
    }
    int raised = 0, acknowledged = 0;
    for (const core::Event &e : d.events) {
        raised += e.kind == "alarm.raised";
        acknowledged += e.kind == "alarm.acknowledged";
    }
    const QStringList figures = {
        tr("Lowest network average speed: %1 km/h").arg(locale.toString(minSpeed, 'f', 1)),
        tr("Highest congestion index: %1%").arg(locale.toString(maxCongestion * 100, 'f', 0)),
        tr("Fewest free parking spaces: %1").arg(locale.toString(minFree)),
        tr("Longest service wait: %1 min").arg(locale.toString(maxWait, 'f', 0)),
        tr("Most open alarms at once: %1; alarms raised: %2; acknowledged: %3").arg(maxAlarms).arg(raised).arg(acknowledged),
    };
    p.setFont(headFont);
    p.drawText(QRect(0, y, w, 30), Qt::AlignLeft, tr("Key figures over the window"));
    y += 34;
    p.setFont(bodyFont);
    for (const QString &f : figures) {
        p.drawText(QRect(20, y, w, 26), Qt::AlignLeft, QStringLiteral("• ") + f);
        y += 26;
    }
    y += 10;
    const int mapW = (w - 30) / 2;
    const int mapH = std::max(100, h - y - 90);
    auto drawMap = [&](const QImage &img, int x, const QString &caption) {
        p.setFont(headFont);
        p.drawText(QRect(x, y, mapW, 30), Qt::AlignLeft, caption);
        const QRect box(x, y + 34, mapW, mapH);
        if (img.isNull()) {
            p.setPen(Qt::gray);
            p.drawRect(box);
            p.setFont(bodyFont);
            p.drawText(box, Qt::AlignCenter, tr("No map picture was taken at this time."));
            p.setPen(Qt::black);
            return;
        }
        const QSize fitted = img.size().scaled(box.size(), Qt::KeepAspectRatio);
        p.drawImage(QRect(box.topLeft(), fitted), img);
    };
    drawMap(d.mapStart, 0, tr("Map at the start (%1)").arg(Display::time(d.mapStartNs, d.zone)));
    drawMap(d.mapPeak, mapW + 30, tr("Map at the peak (%1)").arg(Display::time(d.mapPeakNs, d.zone)));
    footer();

    // Page 2: charts, two per page.
    for (qsizetype c = 0; c < d.charts.size(); c += 2) {
        pdf.newPage();
        ++pageNo;
        p.setFont(headFont);
        p.drawText(QRect(0, 0, w, 30), Qt::AlignLeft, tr("Charts"));
        const int chartH = (h - 90) / 2;
        for (qsizetype k = c; k < std::min(c + 2, d.charts.size()); ++k) {
            const QRect box(0, 40 + static_cast<int>(k - c) * (chartH + 10), w, chartH);
            const QSize fitted = d.charts[k].size().scaled(box.size(), Qt::KeepAspectRatio);
            p.drawImage(QRect(box.topLeft(), fitted), d.charts[k]);
        }
        footer();
    }
    if (d.charts.isEmpty()) {
        pdf.newPage();
        ++pageNo;
        p.setFont(headFont);
        p.drawText(QRect(0, 0, w, 30), Qt::AlignLeft, tr("Charts"));
        p.setFont(bodyFont);
        p.drawText(QRect(0, 40, w, 30), Qt::AlignLeft, tr("No chart data over this window."));
        footer();
    }

    // The alarm log.
    const int rowH = 24;
    const int cols[] = {0, static_cast<int>(w * 0.16), static_cast<int>(w * 0.30), static_cast<int>(w * 0.46),
                        static_cast<int>(w * 0.60), static_cast<int>(w * 0.82)};
    const QString heads[] = {tr("Time"), tr("Event"), tr("Alarm"), tr("Place"), tr("Value / threshold"), tr("By")};
    qsizetype row = 0;
    const qsizetype total = static_cast<qsizetype>(d.events.size());
    do {
        pdf.newPage();
        ++pageNo;
        p.setFont(headFont);
        p.drawText(QRect(0, 0, w, 30), Qt::AlignLeft, tr("Alarm log (%n event(s))", nullptr, static_cast<int>(total)));
        int yy = 40;
        p.setFont(headFont);
        for (int c = 0; c < 6; ++c)
            p.drawText(QRect(cols[c], yy, w / 5, rowH), Qt::AlignLeft, heads[c]);
        yy += rowH + 4;
        p.drawLine(0, yy - 2, w, yy - 2);
        p.setFont(bodyFont);
        if (total == 0)
            p.drawText(QRect(0, yy, w, rowH), Qt::AlignLeft, tr("No alarm was raised, acknowledged or cleared in this window."));
        for (; row < total && yy + rowH < h - 40; ++row, yy += rowH) {
            const core::Event &e = d.events[static_cast<std::size_t>(row)];
            const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(e.payload)).object();
            const QString cells[] = {
                Display::dateTime(e.timeNs, d.zone), eventText(e.kind),
                alarmKindText(o.value(QStringLiteral("kind")).toString()), o.value(QStringLiteral("entity")).toString(),
                QStringLiteral("%1 / %2").arg(locale.toString(o.value(QStringLiteral("value")).toDouble(), 'g', 4),
                                              locale.toString(o.value(QStringLiteral("threshold")).toDouble(), 'g', 4)),
                QString::fromStdString(e.actor)};
            for (int c = 0; c < 6; ++c)
                p.drawText(QRect(cols[c], yy, (c < 5 ? cols[c + 1] : w) - cols[c] - 6, rowH), Qt::AlignLeft | Qt::AlignVCenter, cells[c]);
        }
        footer();
    } while (row < total);
    p.end();
    return true;
}

} // namespace cityops::ui
