#include "whatifpanel.h"

#include "display.h"
#include "theme.h"
#include "floodwatch.h"
#include "simulationcontroller.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace cityops::ui {

namespace {

constexpr const char *kHorizonKey = "whatif/minutes";
constexpr const char *kAutoKey = "whatif/auto";
// Auto refresh: when the shown outcome starts this many engine minutes back, and at most this often.
constexpr std::int64_t kRefreshEngineNs = 15 * 60'000'000'000LL;
constexpr qint64 kRefreshWallMs = 20'000;

QString percent(double from, double to)
{
    if (!(std::abs(from) > 1e-9))
        return QStringLiteral("–");
    const double change = (to - from) / from * 100.0;
    return QStringLiteral("%1%2 %").arg(change >= 0 ? QStringLiteral("+") : QString()).arg(change, 0, 'f', 1);
}

} // namespace

WhatIfPanel::WhatIfPanel(SimulationController *simulation, QWidget *parent)
    : QWidget(parent), m_simulation(simulation), m_job(simulation)
{
    setObjectName(QStringLiteral("whatIfPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto *intro = new QLabel(tr("The live traffic run forward twice from now: under the fixed-time plans and under "
                                "adaptive signal control. Roads the flood prediction closes lose their capacity in both."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *controls = new QHBoxLayout;
    auto *horizonLabel = new QLabel(tr("&Ahead:"), this);
    m_horizon = new QComboBox(this);
    m_horizon->setObjectName(QStringLiteral("whatIfHorizon"));
    for (int minutes : {30, 60, 120})
        m_horizon->addItem(tr("%n min", nullptr, minutes), minutes);
    horizonLabel->setBuddy(m_horizon);
    QSettings settings;
    m_horizon->setCurrentIndex(std::max(0, m_horizon->findData(settings.value(QLatin1String(kHorizonKey), 60).toInt())));
    m_run = new QPushButton(tr("&Run what-if"), this);
    m_run->setObjectName(QStringLiteral("whatIfRun"));
    m_run->setToolTip(tr("Ctrl+Shift+W"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("whatIfCancel"));
    m_auto = new QCheckBox(tr("Refresh every 15 engine minutes"), this);
    m_auto->setObjectName(QStringLiteral("whatIfAuto"));
    m_auto->setChecked(settings.value(QLatin1String(kAutoKey), true).toBool());
    controls->addWidget(horizonLabel);
    controls->addWidget(m_horizon);
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);
    controls->addStretch(1);
    layout->addLayout(controls);
    layout->addWidget(m_auto);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("whatIfProgress"));
    m_progress->setRange(0, 100);
    m_progress->setFormat(tr("Simulating… %p %"));
    layout->addWidget(m_progress);
    m_status = new QLabel(tr("No what-if yet."), this);
    m_status->setObjectName(QStringLiteral("whatIfStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_table = new QTableWidget(4, 3, this);
    m_table->setObjectName(QStringLiteral("whatIfTable"));
    m_table->setHorizontalHeaderLabels({tr("Fixed-time"), tr("Adaptive"), tr("Change")});
    m_table->setVerticalHeaderLabels({tr("Average speed (km/h)"), tr("Delay (vehicle-hours)"), tr("Stops"), tr("Vehicles arrived")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // All four rows, always: the table is the comparison.
    const int rowHeight = QFontMetrics(font()).height() + 10;
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + 4 * rowHeight + 4);
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    layout->addWidget(m_table);

    auto *chart = themedChart();
    chart->setTitle(tr("Network speed over the run (km/h)"));
    m_chart = new QChartView(chart, this);
    m_chart->setObjectName(QStringLiteral("whatIfChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);
    layout->addWidget(m_chart, 1);

    m_progress->hide();
    m_cancel->hide();

    connect(m_run, &QPushButton::clicked, this, &WhatIfPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &WhatIfPanel::cancel);
    connect(m_horizon, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QLatin1String(kHorizonKey), m_horizon->currentData().toInt());
    });
    connect(m_auto, &QCheckBox::toggled, this, [](bool on) { QSettings().setValue(QLatin1String(kAutoKey), on); });
    connect(&m_job, &WhatIfJob::progress, this, [this](double p) { m_progress->setValue(static_cast<int>(p * 100)); });
    connect(&m_job, &WhatIfJob::finished, this, &WhatIfPanel::finished);
    m_timer = new QTimer(this);
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &WhatIfPanel::autoRefresh);
    m_timer->start();
    if (m_simulation)
        connect(m_simulation, &SimulationController::signalControlChanged, this, [this] {
            // A switch changes what "now" runs under, not the comparison; refresh soon anyway so the
            // operator sees the two outcomes from the new state.
            m_lastStartMs = 0;
        });
}

WhatIfPanel::~WhatIfPanel() = default;

bool WhatIfPanel::running() const
{
    return m_job.isRunning();
}

void WhatIfPanel::run()
{
    if (m_job.isRunning())
        return;
    const FloodOutlookPtr flood = m_flood ? m_flood->outlook() : nullptr;
    if (!m_job.start(m_horizon->currentData().toInt(), flood))
        return;
    m_lastStartMs = QDateTime::currentMSecsSinceEpoch();
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_run->setEnabled(false);
}

void WhatIfPanel::cancel()
{
    m_job.cancel();
}

void WhatIfPanel::autoRefresh()
{
    const bool looked = isVisible() || (m_wanted && m_wanted());
    if (!m_auto->isChecked() || !looked || m_job.isRunning() || !m_simulation || !m_simulation->started())
        return;
    if (QDateTime::currentMSecsSinceEpoch() - m_lastStartMs < kRefreshWallMs && m_lastStartMs != 0)
        return;
    if (m_result && m_simulation->simulatedTimeNs() - m_result->startNs < kRefreshEngineNs && m_lastStartMs != 0)
        return;
    run();
}

void WhatIfPanel::finished()
{
    m_progress->hide();
    m_cancel->hide();
    m_run->setEnabled(true);
    if (const auto r = m_job.result()) {
        m_result = r;
        showResult();
        Q_EMIT resultChanged();
    } else if (!m_job.errorString().isEmpty()) {
        m_status->setText(m_job.errorString());
    } else {
        m_status->setText(m_result ? tr("Cancelled; the last outcome is still shown.") : tr("Cancelled."));
    }
}

void WhatIfPanel::showResult()
{
    const core::WhatIfResult &r = *m_result;
    const QString when = QDateTime::fromMSecsSinceEpoch(r.startNs / 1'000'000, m_zone).toString(QStringLiteral("HH:mm"));
    QString status = tr("From %1, %n min ahead, computed in %2 s.", nullptr, r.minutes).arg(when).arg(r.wallS, 0, 'f', 1);
    if (r.roadsCutByFlood > 0)
        status += QLatin1Char(' ') + tr("%n road(s) closed by the flood prediction in both runs.", nullptr, r.roadsCutByFlood);
    m_status->setText(status);

    struct Row { double fixed, adaptive; int decimals; bool higherIsBetter; };
    const Row rows[] = {{r.fixed.speedKmh, r.adaptive.speedKmh, 1, true},
                        {r.fixed.delayVehH, r.adaptive.delayVehH, 0, false},
                        {r.fixed.stops, r.adaptive.stops, 0, false},
                        {r.fixed.exited, r.adaptive.exited, 0, true}};
    for (int i = 0; i < 4; ++i) {
        const Row &row = rows[i];
        auto cell = [&](int column, const QString &text) {
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(i, column, item);
            return item;
        };
        cell(0, QLocale().toString(row.fixed, 'f', row.decimals));
        cell(1, QLocale().toString(row.adaptive, 'f', row.decimals));
        auto *change = cell(2, percent(row.fixed, row.adaptive));
        const bool better = row.higherIsBetter ? row.adaptive > row.fixed : row.adaptive < row.fixed;
        // Green for better, amber for worse: the words say it too (the sign), colour only helps.
        change->setForeground(better ? QColor(0x5c, 0xd6, 0x7a) : QColor(0xf0, 0xa0, 0x40));
    }

    QChart *chart = m_chart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    auto *x = new QValueAxis;
    x->setTitleText(tr("minutes from now"));
    x->setLabelFormat(QStringLiteral("%d"));
    x->setRange(0, r.minutes);
    auto *y = new QValueAxis;
    double lo = 1e9, hi = 0;
    auto add = [&](const std::vector<double> &series, const QString &name, QColor colour, Qt::PenStyle style) {
        auto *s = new QLineSeries;
        s->setName(name);
        QPen pen(colour);
        pen.setWidthF(3.0);
        pen.setStyle(style);
        s->setPen(pen);
        const double step = series.empty() ? 0 : static_cast<double>(r.minutes) / series.size();
        for (std::size_t i = 0; i < series.size(); ++i) {
            s->append(step * (i + 1), series[i]);
            lo = std::min(lo, series[i]);
            hi = std::max(hi, series[i]);
        }
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    };
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    add(r.fixed.speedSeries, tr("Fixed-time plans"), QColor(0xb0, 0xb8, 0xc0), Qt::DashLine);
    add(r.adaptive.speedSeries, tr("Adaptive control"), QColor(0x4d, 0xa3, 0xff), Qt::SolidLine);
    if (hi >= lo) {
        y->setRange(std::max(0.0, lo - 2), hi + 2);
        y->applyNiceNumbers();
    }
}

} // namespace cityops::ui
