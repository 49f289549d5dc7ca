#include "timelinebar.h"

#include "display.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QTimer>

#include <algorithm>
#include <functional>

namespace cityops::ui {

void TimelineSlider::setMarks(std::vector<int> alarms, std::vector<std::pair<int, int>> gaps)
{
    m_alarms = std::move(alarms);
    m_gaps = std::move(gaps);
    update();
}

void TimelineSlider::paintEvent(QPaintEvent *event)
{
    QSlider::paintEvent(event);
    QStyleOptionSlider option;
    initStyleOption(&option);
    const QRect groove = style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderGroove, this);
    const int span = std::max(1, maximum() - minimum());
    auto x = [&](int v) { return groove.left() + static_cast<int>(static_cast<double>(v - minimum()) / span * groove.width()); };
    QPainter p(this);
    for (const auto &[from, to] : m_gaps)
        p.fillRect(QRect(QPoint(x(from), groove.top()), QPoint(std::max(x(from) + 1, x(to)), groove.bottom())), QColor(0x9e, 0x9e, 0x9e, 200));
    p.setPen(QPen(QColor(0xff, 0x52, 0x52), 2));
    for (int v : m_alarms)
        p.drawLine(x(v), rect().top() + 2, x(v), groove.top());
}

TimelineBar::TimelineBar(core::ReplayController *replay, const QTimeZone &zone, QWidget *parent)
    : QToolBar(tr("Replay"), parent)
    , m_replay(replay)
    , m_zone(zone)
{
    setObjectName(QStringLiteral("timelineBar"));
    m_play = addAction(tr("Play"), this, &TimelineBar::togglePlay);
    m_play->setObjectName(QStringLiteral("replayPlay"));
    m_play->setShortcut(QKeySequence(Qt::Key_Space));
    m_play->setShortcutContext(Qt::ApplicationShortcut);
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    for (double r : {0.25, 1.0, 10.0, 60.0, 300.0, 600.0, 3600.0})
        m_speed->addItem(Display::speed(r), r);
    m_speed->setCurrentIndex(m_speed->findData(60.0));
    m_speed->setToolTip(tr("Replay speed, times real time"));
    addWidget(m_speed);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { setRate(m_speed->currentData().toDouble()); });

    // Every jump pauses where it lands and reports a failed read.
    auto jump = [this](const QString &text, QKeySequence key, std::function<core::SnapshotPtr(std::string *)> move) {
        QAction *action = addAction(text, this, [this, move = std::move(move)] {
            std::string error;
            if (!move(&error) && !error.empty())
                report(tr("The seek failed: %1"), error);
            m_playing = false;
            m_replay->setRate(0.0);
            refresh();
            Q_EMIT moved(m_replay->timeNs());
        });
        action->setShortcut(key);
        return action;
    };
    constexpr std::int64_t kMinute = 60'000'000'000LL;
    auto *back = jump(tr("-1 min"), QKeySequence(Qt::CTRL | Qt::Key_Left), [this](std::string *e) { return m_replay->step(-kMinute, e); });
    auto *on = jump(tr("+1 min"), QKeySequence(Qt::CTRL | Qt::Key_Right), [this](std::string *e) { return m_replay->step(kMinute, e); });
    auto *previous = jump(tr("Previous alarm"), QKeySequence(Qt::CTRL | Qt::Key_PageUp), [this](std::string *e) { return m_replay->previousAlarm(e); });
    auto *next = jump(tr("Next alarm"), QKeySequence(Qt::CTRL | Qt::Key_PageDown), [this](std::string *e) { return m_replay->nextAlarm(e); });
    for (QAction *a : {back, on, previous, next})
        a->setShortcutContext(Qt::ApplicationShortcut);

    m_slider = new TimelineSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("replaySlider"));
    m_slider->setRange(0, kSteps);
    m_slider->setMinimumWidth(400);
    m_slider->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_slider->setMinimumHeight(28);
    addWidget(m_slider);
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("replayTime"));
    m_time->setContentsMargins(8, 0, 8, 0);
    addWidget(m_time);

    std::vector<int> alarms;
    for (std::int64_t t : m_replay->recording().alarmTimes())
        alarms.push_back(toSlider(t));
    std::vector<std::pair<int, int>> gaps;
    for (const core::Gap &g : m_replay->recording().gaps())
        gaps.emplace_back(toSlider(g.fromNs), toSlider(g.toNs));
    m_slider->setMarks(std::move(alarms), std::move(gaps));

    // Dragging shows where the handle is; the seek happens on release (and on a click on the track).
    connect(m_slider, &QSlider::sliderMoved, this, [this](int value) {
        m_time->setText(tr("Seek to %1").arg(Display::dateTime(fromSlider(value), m_zone)));
    });
    connect(m_slider, &QSlider::sliderReleased, this, [this] { seekTo(fromSlider(m_slider->value())); });
    connect(m_slider, &QSlider::actionTriggered, this, [this](int action) {
        if (action == QAbstractSlider::SliderPageStepAdd || action == QAbstractSlider::SliderPageStepSub)
            QTimer::singleShot(0, this, [this] { seekTo(fromSlider(m_slider->value())); });
    });

    m_tick = new QTimer(this);
    m_tick->setInterval(200);
    connect(m_tick, &QTimer::timeout, this, &TimelineBar::refresh);
    m_tick->start();
    refresh();
}

int TimelineBar::toSlider(std::int64_t ns) const
{
    const double span = std::max<double>(1.0, static_cast<double>(m_replay->endNs() - m_replay->startNs()));
    return std::clamp(static_cast<int>(static_cast<double>(ns - m_replay->startNs()) / span * kSteps), 0, kSteps);
}

std::int64_t TimelineBar::fromSlider(int value) const
{
    const double span = static_cast<double>(m_replay->endNs() - m_replay->startNs());
    return m_replay->startNs() + static_cast<std::int64_t>(span * value / kSteps);
}

void TimelineBar::setRate(double rate)
{
    m_rate = rate;
    if (m_playing)
        m_replay->setRate(rate);
}

void TimelineBar::togglePlay()
{
    m_playing = !m_playing && !m_replay->atEnd();
    m_replay->setRate(m_playing ? m_rate : 0.0);
    refresh();
}

void TimelineBar::seekTo(std::int64_t timeNs)
{
    std::string error;
    if (!m_replay->seek(timeNs, &error))
        report(tr("The seek failed: %1"), error);
    refresh();
    Q_EMIT moved(m_replay->timeNs());
}

void TimelineBar::report(const QString &message, const std::string &error)
{
    QMessageBox::warning(parentWidget(), tr("Replay"), message.arg(QString::fromStdString(error)));
}

void TimelineBar::refresh()
{
    if (m_playing && m_replay->atEnd()) {
        m_playing = false;
        m_replay->setRate(0.0);
    }
    m_play->setText(m_playing ? tr("Pause") : tr("Play"));
    const std::int64_t now = m_replay->timeNs();
    if (!m_slider->isSliderDown()) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(toSlider(now));
        m_time->setText(tr("%1 of %2").arg(Display::dateTime(now, m_zone), Display::dateTime(m_replay->endNs(), m_zone)));
    }
}

} // namespace cityops::ui
