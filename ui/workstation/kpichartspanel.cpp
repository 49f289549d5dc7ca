#include "kpichartspanel.h"

#include "display.h"
#include "theme.h"
#include "kpihistory.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLineSeries>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace cityops::ui {

namespace {

QChartView *makeChartView(const QString &name, QWidget *parent)
{
    auto *chart = themedChart();
    auto *view = new QChartView(chart, parent);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    return view;
}

QLineSeries *line(const QString &name, QColor colour)
{
    auto *s = new QLineSeries;
    s->setName(name);
    QPen pen(colour);
    pen.setWidthF(2.0);
    s->setPen(pen);
    return s;
}

} // namespace

KpiChartsPanel::KpiChartsPanel(KpiHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
{
    setObjectName(QStringLiteral("kpiChartsPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_span = new QComboBox(this);
    m_span->setObjectName(QStringLiteral("kpiSpan"));
    m_span->addItem(tr("Today (since midnight in the city)"), 0);
    m_span->addItem(tr("Last 24 hours"), 24);
    m_span->addItem(tr("Last 48 hours"), 48);
    layout->addWidget(m_span);
    m_effect = new QLabel(tr("Adaptive signal control: no what-if yet (Simulation > What-if)."), this);
    m_effect->setObjectName(QStringLiteral("kpiSignalEffect"));
    m_effect->setWordWrap(true);
    layout->addWidget(m_effect);
    m_traffic = makeChartView(QStringLiteral("kpiTrafficChart"), this);
    m_services = makeChartView(QStringLiteral("kpiServicesChart"), this);
    layout->addWidget(m_traffic, 1);
    layout->addWidget(m_services, 1);
    m_coalesce = new QTimer(this);
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(2000);
    connect(m_coalesce, &QTimer::timeout, this, &KpiChartsPanel::redraw);
    connect(history, &KpiHistory::minuteAdded, this, [this] {
        if (!m_coalesce->isActive())
            m_coalesce->start();
    });
    connect(m_span, &QComboBox::currentIndexChanged, this, &KpiChartsPanel::redraw);
}

void KpiChartsPanel::setSignalEffect(double speedChange, double delayChange, double stopsChange, int minutes)
{
    auto pct = [](double x) {
        return QStringLiteral("%1%2 %").arg(x >= 0 ? QStringLiteral("+") : QString()).arg(x * 100.0, 0, 'f', 1);
    };
    m_effect->setText(tr("Adaptive signal control over the next %1 min, against the fixed-time plans: average speed %2, "
                         "delay %3, stops %4.")
                          .arg(minutes)
                          .arg(pct(speedChange), pct(delayChange), pct(stopsChange)));
}

QString KpiChartsPanel::signalEffectText() const
{
    return m_effect->text();
}

void KpiChartsPanel::redraw()
{
    const auto &minutes = m_history->minutes();
    if (minutes.empty())
        return;
    const std::int64_t last = minutes.back().timeNs;
    std::int64_t first;
    if (const int hours = m_span->currentData().toInt(); hours > 0) {
        first = last - hours * 3'600'000'000'000LL;
    } else {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(last / 1'000'000, m_zone);
        first = QDateTime(now.date(), QTime(0, 0), m_zone).toMSecsSinceEpoch() * 1'000'000LL;
    }
    const auto kpis = m_history->between(first, last);

    auto *speed = line(tr("Average speed (km/h)"), QColor(0x1f, 0x77, 0xb4));
    auto *congestion = line(tr("Congestion index (%)"), QColor(0xd6, 0x27, 0x28));
    auto *parking = line(tr("Free parking spaces (thousands)"), QColor(0x2c, 0xa0, 0x2c));
    auto *wait = line(tr("Longest service wait (min)"), QColor(0xff, 0x7f, 0x0e));
    auto *alarms = line(tr("Open alarms"), QColor(0x94, 0x67, 0xbd));
    double top1 = 10, top2 = 10;
    for (const NetworkKpis &k : kpis) {
        const auto t = static_cast<qreal>(Display::chartMs(k.timeNs, m_zone));
        if (k.hasSpeed) {
            speed->append(t, k.averageSpeedKmh);
            congestion->append(t, k.congestionIndex * 100.0);
            top1 = std::max({top1, k.averageSpeedKmh, k.congestionIndex * 100.0});
        }
        if (k.hasParking)
            parking->append(t, k.freeParkingSpaces / 1000.0);
        if (k.hasService)
            wait->append(t, k.longestWaitMin);
        alarms->append(t, k.openAlarms);
        top2 = std::max({top2, k.freeParkingSpaces / 1000.0, k.longestWaitMin, static_cast<double>(k.openAlarms)});
    }
    auto fill = [&](QChartView *view, const QString &title, std::initializer_list<QLineSeries *> series, double top) {
        QChart *chart = view->chart();
        chart->removeAllSeries();
        for (QAbstractAxis *axis : chart->axes())
            chart->removeAxis(axis);
        chart->setTitle(title);
        auto *x = new QDateTimeAxis;
        x->setFormat(QStringLiteral("HH:mm"));
        x->setRange(QDateTime::fromMSecsSinceEpoch(Display::chartMs(first, m_zone)), QDateTime::fromMSecsSinceEpoch(Display::chartMs(last, m_zone)));
        auto *y = new QValueAxis;
        y->setRange(0, top * 1.1);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (QLineSeries *s : series) {
            chart->addSeries(s);
            s->attachAxis(x);
            s->attachAxis(y);
        }
    };
    fill(m_traffic, tr("Traffic"), {speed, congestion}, top1);
    fill(m_services, tr("Parking, services and alarms"), {parking, wait, alarms}, top2);
}

} // namespace cityops::ui
