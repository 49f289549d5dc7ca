#include "inspectorpanel.h"

#include "csvexport.h"
#include "display.h"
#include "theme.h"
#include "simulationcontroller.h"
#include "floodwatch.h"
#include "parkingwatch.h"
#include "servicewatch.h"
#include "speedwatch.h"

#include "feed/feedschema.h"
#include "model/citymodel.h"

#include <QAreaSeries>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace cityops::ui {

namespace {

const QColor kSeriesColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b)};

} // namespace

void TimeChartView::wheelEvent(QWheelEvent *event)
{
    if (!chart())
        return;
    const double factor = event->angleDelta().y() > 0 ? 1.25 : 0.8;
    const QRectF area = chart()->plotArea();
    // Zoom around the pointer, in time only.
    const double x = event->position().x();
    const double w = area.width() / factor;
    const double left = x - (x - area.left()) / factor;
    chart()->zoomIn(QRectF(left, area.top(), w, area.height()));
    event->accept();
}

void TimeChartView::keyPressEvent(QKeyEvent *event)
{
    if (!chart())
        return QChartView::keyPressEvent(event);
    switch (event->key()) {
    case Qt::Key_Left: chart()->scroll(-chart()->plotArea().width() / 10, 0); break;
    case Qt::Key_Right: chart()->scroll(chart()->plotArea().width() / 10, 0); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: chart()->zoom(1.25); break;
    case Qt::Key_Minus: chart()->zoom(0.8); break;
    case Qt::Key_Home: chart()->zoomReset(); break;
    default: return QChartView::keyPressEvent(event);
    }
    event->accept();
}

InspectorPanel::InspectorPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("inspectorPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_title = new QLabel(tr("Nothing selected. Click a road, car park, station or centre on the map, or an alarm."), this);
    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_values = new QLabel(this);
    m_values->setObjectName(QStringLiteral("inspectorValues"));
    m_values->setWordWrap(true);
    m_values->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    layout->addWidget(m_values);
    m_ackHere = new QPushButton(this);
    m_ackHere->setObjectName(QStringLiteral("acknowledgeHere"));
    m_ackHere->setVisible(false);
    m_ackHere->setStyleSheet(QStringLiteral("QPushButton { background: #c62828; color: white; font-weight: bold; padding: 4px; }"));
    layout->addWidget(m_ackHere);
    m_signal = new QLabel(this);
    m_signal->setObjectName(QStringLiteral("inspectorSignal"));
    m_signal->setTextFormat(Qt::RichText);
    m_signal->setWordWrap(true);
    m_signal->setVisible(false);
    layout->addWidget(m_signal);
    connect(m_ackHere, &QPushButton::clicked, this, [this] { Q_EMIT acknowledgeHereRequested(m_entity); });

    auto *controls = new QGridLayout;
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("inspectorRange"));
    for (int h : {1, 3, 6, 12, 24})
        m_range->addItem(tr("Last %n hour(s)", nullptr, h), h);
    m_range->setCurrentIndex(2);
    m_field = new QComboBox(this);
    m_field->setObjectName(QStringLiteral("inspectorField"));
    m_pin = new QPushButton(tr("&Pin to compare"), this);
    m_clear = new QPushButton(tr("C&lear pinned"), this);
    m_csv = new QPushButton(tr("Export &CSV..."), this);
    m_png = new QPushButton(tr("Export chart P&NG..."), this);
    controls->addWidget(m_range, 0, 0);
    controls->addWidget(m_field, 0, 1);
    controls->addWidget(m_pin, 1, 0);
    controls->addWidget(m_clear, 1, 1);
    controls->addWidget(m_csv, 2, 0);
    controls->addWidget(m_png, 2, 1);
    layout->addLayout(controls);

    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("historyProgress"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("historyCancel"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("historyStatus"));
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    progressRow->addWidget(m_status, 1);
    layout->addLayout(progressRow);
    m_progress->setVisible(false);
    m_cancel->setVisible(false);

    auto *chart = themedChart();
    m_chartView = new TimeChartView(chart, this);
    m_chartView->setObjectName(QStringLiteral("inspectorChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setRubberBand(QChartView::HorizontalRubberBand);
    m_chartView->setFocusPolicy(Qt::StrongFocus);
    m_chartView->setMinimumHeight(220);
    layout->addWidget(m_chartView, 1);

    m_refresh = new QTimer(this);
    m_refresh->setInterval(15000);
    connect(m_refresh, &QTimer::timeout, this, [this] {
        if (isVisible() && !(m_job && m_job->isRunning()))
            refresh();
    });
    m_refresh->start();

    connect(m_range, &QComboBox::currentIndexChanged, this, &InspectorPanel::refresh);
    connect(m_field, &QComboBox::currentIndexChanged, this, &InspectorPanel::refresh);
    connect(m_pin, &QPushButton::clicked, this, &InspectorPanel::pinCurrent);
    connect(m_clear, &QPushButton::clicked, this, &InspectorPanel::clearPinned);
    connect(m_csv, &QPushButton::clicked, this, &InspectorPanel::exportCsv);
    connect(m_png, &QPushButton::clicked, this, &InspectorPanel::exportPng);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->cancel();
    });
    for (QWidget *w : {static_cast<QWidget *>(m_range), static_cast<QWidget *>(m_field), static_cast<QWidget *>(m_pin),
                       static_cast<QWidget *>(m_clear), static_cast<QWidget *>(m_csv), static_cast<QWidget *>(m_png)})
        w->setEnabled(false);
}

InspectorPanel::~InspectorPanel() = default;

int InspectorPanel::rangeHours() const
{
    return m_range->currentData().toInt();
}

void InspectorPanel::setRangeHours(int hours)
{
    const int index = m_range->findData(hours);
    if (index >= 0)
        m_range->setCurrentIndex(index);
}

std::vector<std::uint32_t> InspectorPanel::chartedEntities() const
{
    std::vector<std::uint32_t> out;
    if (m_entity >= 0)
        out.push_back(static_cast<std::uint32_t>(m_entity));
    for (std::uint32_t e : m_pinned)
        if (static_cast<int>(e) != m_entity)
            out.push_back(e);
    return out;
}

void InspectorPanel::setEntity(int entity)
{
    if (!m_snapshot || !m_snapshot->model || entity < 0 || static_cast<std::size_t>(entity) >= m_snapshot->model->size())
        return;
    if (entity == m_entity)
        return;
    const bool kindChanged = m_entity < 0 || m_snapshot->model->entity(static_cast<std::uint32_t>(m_entity)).kind
                                                 != m_snapshot->model->entity(static_cast<std::uint32_t>(entity)).kind;
    m_entity = entity;
    m_signalAskedMs = 0;
    m_signalText.clear();
    m_signal->setVisible(false);
    if (kindChanged) {
        m_pinned.clear();
        fillFields();
    }
    for (QWidget *w : {static_cast<QWidget *>(m_range), static_cast<QWidget *>(m_field), static_cast<QWidget *>(m_pin),
                       static_cast<QWidget *>(m_clear), static_cast<QWidget *>(m_csv), static_cast<QWidget *>(m_png)})
        w->setEnabled(true);
    updateHeader();
    refresh();
}

void InspectorPanel::fillFields()
{
    const QSignalBlocker block(m_field);
    m_field->clear();
    const auto m = core::measurementOfKind(m_snapshot->model->entity(static_cast<std::uint32_t>(m_entity)).kind);
    if (!m)
        return;
    const auto &spec = core::measurementSpec(*m);
    for (int f = 0; f < spec.fieldCount; ++f) {
        const QString unit = Display::fieldUnit(spec.fields[f].name);
        const QString label = Display::fieldLabel(spec.fields[f].name);
        m_field->addItem(unit.isEmpty() ? label : QStringLiteral("%1 (%2)").arg(label, unit), f);
    }
}

void InspectorPanel::applySnapshot(const std::shared_ptr<const core::CitySnapshot> &snapshot)
{
    m_snapshot = snapshot;
    if (m_entity >= 0)
        updateHeader();
}

void InspectorPanel::updateHeader()
{
    if (!m_snapshot || !m_snapshot->model || m_entity < 0)
        return;
    const core::Entity &e = m_snapshot->model->entity(static_cast<std::uint32_t>(m_entity));
    const QString name = Display::entityName(e);
    m_title->setText(QStringLiteral("%1 · %2%3").arg(Display::kind(e.kind), QString::fromStdString(e.id),
                                                    name.isEmpty() ? QString() : QStringLiteral(" · ") + name));
    if (static_cast<std::size_t>(m_entity) < m_snapshot->entities.size()) {
        int active = 0;
        for (const core::Alarm &a : m_snapshot->alarms)
            active += a.entity == static_cast<std::uint32_t>(m_entity) && a.state == core::AlarmState::Active;
        m_ackHere->setText(tr("Acknowledge %n active alarm(s) here (Ctrl+Shift+K)", nullptr, active));
        m_ackHere->setVisible(active > 0);
        const core::EntityState &s = m_snapshot->entities[static_cast<std::size_t>(m_entity)];
        const QString values = Display::values(e.kind, s);
        m_floodText = floodForecastText();
        m_serviceText = serviceLoadText();
        m_parkingText = parkingForecastText();
        QString text = s.freshness == core::Freshness::NoData
            ? tr("No reading yet.")
            : tr("%1\n%2, %3 ago").arg(values, Display::freshness(s.freshness), Display::age(m_snapshot->timeNs - s.timeNs));
        for (const QString &more : {m_floodText, m_serviceText, m_parkingText})
            if (!more.isEmpty())
                text += QStringLiteral("\n") + more;
        m_values->setText(text);
    }
    requestSignalTiming();
}

void InspectorPanel::requestSignalTiming()
{
    const auto kind = m_snapshot->model->entity(static_cast<std::uint32_t>(m_entity)).kind;
    if (!m_simulation || (kind != core::EntityKind::Signal && kind != core::EntityKind::Link)) {
        m_signalText.clear();
        m_signal->setVisible(false);
        return;
    }
    // Snapshots come several times a second; the timing is asked for at most once a second.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_signalAskedMs < 1000)
        return;
    m_signalAskedMs = now;
    const int entity = m_entity;
    m_simulation->requestSignalTiming(static_cast<std::uint32_t>(entity), this,
                                      [this, entity](const core::SignalTimingView &view) { showSignalTiming(entity, view); });
}

void InspectorPanel::showSignalTiming(int entity, const core::SignalTimingView &view)
{
    if (entity != m_entity)
        return;
    // Numbered as the feed numbers them (the readings' "phase" field), from 0.
    const QString phaseName = tr("Phase %1");
    QString now;
    if (view.stage == core::SignalStage::Green) {
        now = view.plannedGreenRemainingS >= 1
            ? tr("Now: %1 green for %2 s, about %3 s more.")
                  .arg(phaseName.arg(view.phase))
                  .arg(view.greenElapsedS, 0, 'f', 0)
                  .arg(view.plannedGreenRemainingS, 0, 'f', 0)
            : tr("Now: %1 green for %2 s, ready to change.").arg(phaseName.arg(view.phase)).arg(view.greenElapsedS, 0, 'f', 0);
    } else {
        now = tr("Now: %1 for %2 s more, then %3.")
                  .arg(view.stage == core::SignalStage::Amber ? tr("amber") : tr("all-red"))
                  .arg(view.stageRemainingS, 0, 'f', 0)
                  .arg(phaseName.arg(view.nextPhase));
    }
    QString html = QStringLiteral("<p><b>%1</b><br>%2 %3</p>")
                       .arg(tr("Signal %1 · %2").arg(QString::fromStdString(view.id).toHtmlEscaped(),
                                                     view.adaptive ? tr("adaptive control") : tr("fixed-time plan")),
                            now.toHtmlEscaped(), tr("Last cycle %1 s.").arg(view.cycleS, 0, 'f', 0));
    html += QStringLiteral("<table cellspacing='0' cellpadding='3'><tr><th align='left'>%1</th><th align='right'>%2</th>"
                           "<th align='right'>%3</th><th align='right'>%4</th><th align='right'>%5</th></tr>")
                .arg(tr("Phase"), view.adaptive ? tr("Last green") : tr("Planned green"), tr("Min–max green"),
                     tr("Amber + all-red"), tr("Queue"));
    for (std::size_t p = 0; p < view.phases.size(); ++p) {
        const auto &ph = view.phases[p];
        const bool current = static_cast<int>(p) == view.phase;
        QString row = QStringLiteral("<tr><td>%1</td><td align='right'>%2 s</td><td align='right'>%3–%4 s</td>"
                                     "<td align='right'>%5 + %6 s</td><td align='right'>%7</td></tr>")
                          .arg(phaseName.arg(p))
                          .arg(ph.plannedGreenS, 0, 'f', 0)
                          .arg(ph.minGreenS, 0, 'f', 0)
                          .arg(ph.maxGreenS, 0, 'f', 0)
                          .arg(ph.amberS, 0, 'f', 0)
                          .arg(ph.allRedS, 0, 'f', 0)
                          .arg(tr("%1 veh").arg(ph.queueVeh, 0, 'f', 0));
        if (current)
            row.replace(QLatin1String("<td"), QLatin1String("<td style='font-weight:bold; color:#5cd67a'"));
        html += row;
    }
    html += QStringLiteral("</table>");
    m_signalText = html;
    m_signal->setText(html);
    m_signal->setVisible(true);
}

void InspectorPanel::pinCurrent()
{
    if (m_entity < 0)
        return;
    if (std::find(m_pinned.begin(), m_pinned.end(), static_cast<std::uint32_t>(m_entity)) == m_pinned.end())
        m_pinned.push_back(static_cast<std::uint32_t>(m_entity));
    m_status->setText(tr("%n pinned: select another of the same kind to compare.", nullptr, static_cast<int>(m_pinned.size())));
}

void InspectorPanel::clearPinned()
{
    m_pinned.clear();
    refresh();
}

qint64 InspectorPanel::chartMs(std::int64_t ns) const
{
    return Display::chartMs(ns, m_snapshot && m_snapshot->model ? Display::cityZone(*m_snapshot->model) : QTimeZone::systemTimeZone());
}

void InspectorPanel::refresh()
{
    if (m_entity < 0 || !m_snapshot || !m_snapshot->model || m_recordingPath.isEmpty())
        return;
    const auto m = core::measurementOfKind(m_snapshot->model->entity(static_cast<std::uint32_t>(m_entity)).kind);
    if (!m)
        return;
    std::vector<HistoryRequest> requests;
    for (std::uint32_t e : chartedEntities())
        requests.push_back({e, *m, m_field->currentData().toInt()});
    const std::int64_t t1 = m_snapshot->timeNs;
    const std::int64_t t0 = t1 - static_cast<std::int64_t>(rangeHours()) * 3'600'000'000'000LL;
    m_job = std::make_unique<HistoryJob>(m_recordingPath, std::move(requests), t0, t1, 360);
    connect(m_job.get(), &HistoryJob::progress, this, [this](int done, int total) {
        m_progress->setMaximum(total);
        m_progress->setValue(done);
    });
    connect(m_job.get(), &HistoryJob::finished, this, &InspectorPanel::onJobFinished);
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    m_status->setText(tr("Loading history..."));
    m_job->start();
}

void InspectorPanel::onJobFinished()
{
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    if (!m_job)
        return;
    if (!m_job->errorString().isEmpty() && m_job->result().empty()) {
        m_status->setText(m_job->errorString());
        return;
    }
    m_shownT0 = m_job->t0Ns();
    m_shownT1 = m_job->t1Ns();
    QChart *chart = m_chartView->chart();
    chart->removeAllSeries();
    m_forecastLine = nullptr;
    m_forecastBand = nullptr;
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    auto *x = new QDateTimeAxis;
    x->setFormat(rangeHours() > 12 ? QStringLiteral("dd HH:mm") : QStringLiteral("HH:mm"));
    x->setTitleText(tr("Time (city)"));
    x->setRange(QDateTime::fromMSecsSinceEpoch(chartMs(m_shownT0)), QDateTime::fromMSecsSinceEpoch(chartMs(m_shownT1)));
    auto *y = new QValueAxis;
    y->setTitleText(m_field->currentText());
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double lo = 0, hi = 1;
    bool any = false;
    int colour = 0;
    std::size_t points = 0;
    for (const HistorySeries &series : m_job->result()) {
        const core::Entity &e = m_snapshot->model->entity(series.request.entity);
        const QColor c = kSeriesColors[colour++ % std::size(kSeriesColors)];
        auto *mean = new QLineSeries;
        mean->setName(QString::fromStdString(e.id));
        mean->setColor(c);
        QPen pen = mean->pen();
        pen.setWidthF(2.0);
        mean->setPen(pen);
        QLineSeries *upper = nullptr, *lower = nullptr;
        const bool band = series.request.entity == static_cast<std::uint32_t>(m_entity);
        if (band) {
            upper = new QLineSeries;
            lower = new QLineSeries;
        }
        for (const core::HistoryPoint &p : series.points) {
            if (p.count == 0)
                continue;
            const qint64 t = chartMs(p.timeNs);
            mean->append(static_cast<qreal>(t), p.mean);
            if (band) {
                upper->append(static_cast<qreal>(t), p.max);
                lower->append(static_cast<qreal>(t), p.min);
            }
            lo = any ? std::min(lo, p.min) : p.min;
            hi = any ? std::max(hi, p.max) : p.max;
            any = true;
            ++points;
        }
        if (band) {
            auto *area = new QAreaSeries(upper, lower);
            area->setName(tr("%1 min-max").arg(QString::fromStdString(e.id)));
            QColor fill = c;
            fill.setAlpha(60);
            area->setBrush(fill);
            area->setPen(Qt::NoPen);
            chart->addSeries(area);
            area->attachAxis(x);
            area->attachAxis(y);
        }
        chart->addSeries(mean);
        mean->attachAxis(x);
        mean->attachAxis(y);
    }
    const double pad = any ? std::max(0.5, (hi - lo) * 0.08) : 0.0;
    y->setRange(any ? lo - pad : 0.0, any ? hi + pad : 1.0);
    m_status->setText(any ? tr("%n point(s) in %1 ms", nullptr, static_cast<int>(points)).arg(QLocale().toString(m_job->elapsedMs(), 'f', 0))
                          : tr("No recorded readings in this range yet."));
    updateForecast();
    Q_EMIT chartUpdated();
}

template <class Watch>
void InspectorPanel::followWatch(const Watch *&member, const Watch *watch, void (InspectorPanel::*onOutlook)())
{
    member = watch; // the old one's connections went with it
    if (watch)
        connect(watch, &Watch::outlookChanged, this, onOutlook);
    (this->*onOutlook)();
}

void InspectorPanel::setFloodWatch(const FloodWatch *watch)
{
    followWatch(m_floodWatch, watch, &InspectorPanel::updateHeader);
}

QString InspectorPanel::floodText() const
{
    return m_floodText;
}

QString InspectorPanel::floodForecastText() const
{
    const FloodOutlookPtr outlook = m_floodWatch ? m_floodWatch->outlook() : nullptr;
    if (!outlook || m_entity < 0)
        return {};
    const auto minutes = [](double s) { return QString::number(static_cast<int>(std::ceil(s / 60.0))); };
    const auto metres = [](double m) { return QLocale().toString(m, 'f', 2); };
    const int horizon = outlook->forecast.horizonsMin.back();
    // Underground car parks, tunnels and underpasses at risk: flagged with their class and lead time.
    for (const core::SiteFloodForecast &site : outlook->forecast.sites)
        if (site.entity == static_cast<std::uint32_t>(m_entity) && site.risk != core::FloodRisk::None) {
            const QString what = site.kind == core::SiteFloodForecast::Kind::UndergroundParking ? tr("Underground car park at risk")
                : site.kind == core::SiteFloodForecast::Kind::Tunnel                        ? tr("Tunnel at risk")
                                                                                            : tr("Underpass at risk");
            return site.impassableInS > 0
                ? tr("%1: water over 0.15 m in %2 min, %3 m deep within %4 min").arg(what, minutes(site.impassableInS), metres(site.maxDepthM)).arg(horizon)
                : tr("%1: %2 m deep within %3 min").arg(what, metres(site.maxDepthM)).arg(horizon);
        }
    const int link = m_floodWatch->linkOfEntity(static_cast<std::uint32_t>(m_entity));
    if (link < 0 || static_cast<std::size_t>(link) >= outlook->forecast.roads.size())
        return {};
    const core::RoadFloodForecast &road = outlook->forecast.roads[static_cast<std::size_t>(link)];
    if (road.impassableInS == 0)
        return tr("Flooded now: %1 m of water, impassable for cars").arg(metres(road.depthNowM));
    if (road.impassableInS > 0)
        return road.dangerousInS > 0
            ? tr("Predicted impassable in %1 min, dangerous (over 0.3 m) in %2 min").arg(minutes(road.impassableInS), minutes(road.dangerousInS))
            : tr("Predicted impassable for cars in %1 min (over 0.15 m)").arg(minutes(road.impassableInS));
    return {};
}

void InspectorPanel::setServiceWatch(const ServiceWatch *watch)
{
    followWatch(m_serviceWatch, watch, &InspectorPanel::updateHeader);
}

void InspectorPanel::setParkingWatch(const ParkingWatch *watch)
{
    followWatch(m_parkingWatch, watch, &InspectorPanel::updateHeader);
}

QString InspectorPanel::parkingForecastText() const
{
    const ParkingOutlookPtr outlook = m_parkingWatch ? m_parkingWatch->outlook() : nullptr;
    const CarParkOutlook *o = outlook && m_entity >= 0 ? outlook->find(static_cast<std::uint32_t>(m_entity)) : nullptr;
    if (!o || !std::isfinite(o->occupied))
        return {};
    if (!o->forecast())
        return tr("Availability forecast: after a whole day has been followed.");
    const QLocale locale;
    QStringList parts;
    for (std::size_t h = 0; h < outlook->horizonsMin.size(); ++h)
        parts << tr("in %1 min: %2 free (%3% full)")
                     .arg(outlook->horizonsMin[h])
                     .arg(locale.toString(o->capacity * (1.0 - o->rate[h]), 'f', 0))
                     .arg(locale.toString(o->rate[h] * 100.0, 'f', 0));
    return tr("Now %1 free; %2").arg(locale.toString(o->capacity - o->occupied, 'f', 0), parts.join(QStringLiteral("; ")));
}

QString InspectorPanel::serviceLoadText() const
{
    const ServiceOutlookPtr outlook = m_serviceWatch ? m_serviceWatch->outlook() : nullptr;
    const CentreOutlook *o = outlook && m_entity >= 0 ? outlook->find(static_cast<std::uint32_t>(m_entity)) : nullptr;
    if (!o)
        return {};
    const QLocale locale;
    auto wait = [&](const core::ServiceAssessment &a) {
        return a.queue.stable() ? tr("%1 min").arg(locale.toString(a.queue.meanWaitMin, 'f', 0)) : tr("growing without end");
    };
    auto advice = [&](const core::ServiceAssessment &a) {
        return a.recommendedCounters ? tr("%n counter(s) keep it under %1 min", nullptr, *a.recommendedCounters)
                                           .arg(locale.toString(a.targetWaitMin, 'f', 0))
                                     : tr("even all %n counter(s) cannot keep it under %1 min", nullptr, a.maxCounters)
                                           .arg(locale.toString(a.targetWaitMin, 'f', 0));
    };
    QStringList lines;
    lines << tr("Arrivals %1/min over the last hour, service %2 min each: expected wait %3 with %n counter(s) open",
                nullptr, o->countersOpen)
                 .arg(locale.toString(o->arrivalsPerMin, 'f', 2), locale.toString(o->serviceMin, 'f', 1), wait(o->now));
    lines << (o->now.overloaded ? tr("Overloaded: %1").arg(advice(o->now)) : advice(o->now));
    if (o->forecast)
        for (std::size_t h = 0; h < outlook->horizonsMin.size(); ++h)
            lines << tr("In %1 min: %2 arrivals/min expected, wait %3; %4")
                         .arg(outlook->horizonsMin[h])
                         .arg(locale.toString(o->forecastPerMin[h], 'f', 2), wait(o->ahead[h]), advice(o->ahead[h]));
    return lines.join(QLatin1Char('\n'));
}

void InspectorPanel::setSpeedWatch(const SpeedWatch *watch)
{
    followWatch(m_speedWatch, watch, &InspectorPanel::updateForecast);
}

int InspectorPanel::forecastPointCount() const
{
    return m_forecastLine ? static_cast<int>(m_forecastLine->count()) : 0;
}

void InspectorPanel::updateForecast()
{
    QChart *chart = m_chartView->chart();
    const auto xs = chart->axes(Qt::Horizontal), ys = chart->axes(Qt::Vertical);
    if (xs.isEmpty() || ys.isEmpty())
        return; // no chart yet
    auto *x = static_cast<QDateTimeAxis *>(xs.front());
    auto *y = static_cast<QValueAxis *>(ys.front());
    const SpeedOutlookPtr outlook = m_speedWatch ? m_speedWatch->outlook() : nullptr;
    const int link = m_speedWatch && m_entity >= 0 ? m_speedWatch->linkOfEntity(static_cast<std::uint32_t>(m_entity)) : -1;
    const bool applies = outlook && link >= 0 && m_field->currentData().toInt() == 0
        && m_shownT1 >= outlook->timeNs - 15 * 60'000'000'000LL;
    if (!applies && !m_forecastLine)
        return; // nothing shown, nothing to show: leave the chart alone (outlooks come every engine minute)
    for (QAbstractSeries *s : {static_cast<QAbstractSeries *>(m_forecastBand), static_cast<QAbstractSeries *>(m_forecastLine)})
        if (s) {
            chart->removeSeries(s);
            delete s;
        }
    m_forecastLine = nullptr;
    m_forecastBand = nullptr;
    if (!applies) {
        x->setMax(QDateTime::fromMSecsSinceEpoch(chartMs(m_shownT1)));
        return;
    }
    // From the speed now (the forecast's start) to each horizon, and the band around it.
    const auto &now = m_snapshot && static_cast<std::size_t>(m_entity) < m_snapshot->entities.size()
                          ? m_snapshot->entities[static_cast<std::size_t>(m_entity)] : core::EntityState{};
    const double start = now.has(0) ? now.values[0] : outlook->at(0, static_cast<std::size_t>(link)).value;
    m_forecastLine = new QLineSeries;
    m_forecastLine->setName(tr("forecast"));
    auto *upper = new QLineSeries, *lower = new QLineSeries;
    const auto t0 = static_cast<qreal>(chartMs(outlook->timeNs));
    m_forecastLine->append(t0, start);
    upper->append(t0, start);
    lower->append(t0, start);
    double lo = y->min(), hi = y->max();
    for (std::size_t h = 0; h < outlook->horizonsMin.size(); ++h) {
        const core::ForecastPoint &p = outlook->at(h, static_cast<std::size_t>(link));
        if (!std::isfinite(p.value))
            continue;
        const auto t = static_cast<qreal>(chartMs(outlook->timeNs + outlook->horizonsMin[h] * 60'000'000'000LL));
        m_forecastLine->append(t, p.value);
        upper->append(t, p.high);
        lower->append(t, p.low);
        lo = std::min(lo, p.low);
        hi = std::max(hi, p.high);
    }
    const QColor c(0xff, 0xb3, 0x00);
    QPen pen(c, 2.0, Qt::DashLine);
    m_forecastLine->setPen(pen);
    m_forecastBand = new QAreaSeries(upper, lower);
    m_forecastBand->setName(tr("forecast 10-90 %"));
    QColor fill = c;
    fill.setAlpha(55);
    m_forecastBand->setBrush(fill);
    m_forecastBand->setPen(Qt::NoPen);
    for (QAbstractSeries *s : {static_cast<QAbstractSeries *>(m_forecastBand), static_cast<QAbstractSeries *>(m_forecastLine)}) {
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    const std::int64_t end = outlook->timeNs + outlook->horizonsMin.back() * 60'000'000'000LL;
    x->setMax(QDateTime::fromMSecsSinceEpoch(chartMs(std::max(m_shownT1, end))));
    y->setRange(std::min(y->min(), lo), std::max(y->max(), hi));
}

QImage InspectorPanel::chartImage(QSize size) const
{
    if (size.isEmpty())
        return m_chartView->grab().toImage();
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    m_chartView->render(&p, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

void InspectorPanel::exportPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart as PNG"), QStringLiteral("chart.png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!m_chartView->grab().save(path, "PNG"))
        QMessageBox::warning(this, tr("Export chart"), tr("Could not write %1.").arg(path));
}

void InspectorPanel::exportCsv()
{
    if (!m_snapshot || !m_snapshot->model || m_entity < 0)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export readings as CSV"), QStringLiteral("readings.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const std::int64_t t1 = m_shownT1 > 0 ? m_shownT1 : m_snapshot->timeNs;
    const std::int64_t t0 = m_shownT0 > 0 ? m_shownT0 : t1 - static_cast<std::int64_t>(rangeHours()) * 3'600'000'000'000LL;
    const CsvExportResult r = ui::exportCsv(m_recordingPath, *m_snapshot->model, chartedEntities(), t0, t1, path);
    if (!r.ok)
        QMessageBox::warning(this, tr("Export CSV"), tr("The export failed: %1").arg(r.error));
    else
        m_status->setText(tr("Wrote %n row(s) to %1.", nullptr, static_cast<int>(r.rows)).arg(path));
}

} // namespace cityops::ui
