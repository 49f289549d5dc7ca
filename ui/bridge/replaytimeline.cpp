#include "replaytimeline.h"

#include "display.h"

#include <QTimer>

#include <algorithm>
#include <functional>

namespace cityops::ui {

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;

} // namespace

ReplayTimeline::ReplayTimeline(core::ReplayController *replay, const QTimeZone &zone, QObject *parent)
    : QObject(parent)
    , m_replay(replay)
    , m_zone(zone)
    , m_tick(new QTimer(this))
    , m_previewTimer(new QTimer(this))
{
    m_tick->setInterval(200);
    connect(m_tick, &QTimer::timeout, this, &ReplayTimeline::refresh);
    m_tick->start();
    // Drag events come faster than a seek: only the newest position is previewed, once the last is shown.
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(0);
    connect(m_previewTimer, &QTimer::timeout, this, &ReplayTimeline::runPreview);
    loadBookmarks();
}

ReplayTimeline::~ReplayTimeline() = default;

double ReplayTimeline::toFraction(std::int64_t ns) const
{
    const double span = std::max<double>(1.0, static_cast<double>(m_replay->endNs() - m_replay->startNs()));
    return std::clamp(static_cast<double>(ns - m_replay->startNs()) / span, 0.0, 1.0);
}

std::int64_t ReplayTimeline::fromFraction(double fraction) const
{
    const double span = static_cast<double>(m_replay->endNs() - m_replay->startNs());
    return m_replay->startNs() + static_cast<std::int64_t>(span * std::clamp(fraction, 0.0, 1.0));
}

double ReplayTimeline::position() const
{
    return previewing() ? m_previewFraction : toFraction(m_replay->timeNs());
}

QString ReplayTimeline::timeText() const
{
    if (previewing())
        return tr("Seek to %1").arg(Display::dateTime(fromFraction(m_previewFraction), m_zone));
    return tr("%1 of %2").arg(Display::dateTime(m_replay->timeNs(), m_zone), Display::dateTime(m_replay->endNs(), m_zone));
}

QString ReplayTimeline::clockText() const
{
    const std::int64_t t = previewing() ? fromFraction(m_previewFraction) : m_replay->timeNs();
    return QStringLiteral("%1 / %2").arg(Display::time(t, m_zone), Display::time(m_replay->endNs(), m_zone));
}

QString ReplayTimeline::rateText() const
{
    return Display::speed(m_rate);
}

QVariantMap ReplayTimeline::texts()
{
    return {{QStringLiteral("play"), tr("Play")},
            {QStringLiteral("pause"), tr("Pause")},
            {QStringLiteral("back"), tr("-1 min")},
            {QStringLiteral("on"), tr("+1 min")},
            {QStringLiteral("previousAlarm"), tr("Previous alarm")},
            {QStringLiteral("nextAlarm"), tr("Next alarm")},
            {QStringLiteral("replay"), tr("Replay")}};
}

void ReplayTimeline::cycleRate()
{
    const QVariantList all = rates();
    for (const QVariant &r : all)
        if (r.toDouble() > m_rate) {
            setRate(r.toDouble());
            return;
        }
    setRate(all.front().toDouble());
}

QVariantList ReplayTimeline::rates()
{
    return {0.25, 1.0, 10.0, 60.0, 300.0, 600.0, 3600.0};
}

QVariantList ReplayTimeline::alarmMarks() const
{
    QVariantList out;
    for (std::int64_t t : m_replay->recording().alarmTimes())
        out << toFraction(t);
    return out;
}

QVariantList ReplayTimeline::gapMarks() const
{
    QVariantList out;
    for (const core::Gap &g : m_replay->recording().gaps())
        out << QVariantMap{{QStringLiteral("from"), toFraction(g.fromNs)}, {QStringLiteral("to"), toFraction(g.toNs)}};
    return out;
}

void ReplayTimeline::loadBookmarks()
{
    m_bookmarks.clear();
    for (const core::Bookmark &b : m_replay->recording().bookmarks())
        m_bookmarks << QVariantMap{{QStringLiteral("fraction"), toFraction(b.timeNs)},
                                   {QStringLiteral("timeNs"), QVariant::fromValue<qint64>(b.timeNs)},
                                   {QStringLiteral("time"), Display::dateTime(b.timeNs, m_zone)},
                                   {QStringLiteral("note"), QString::fromStdString(b.note)},
                                   {QStringLiteral("author"), QString::fromStdString(b.author)},
                                   {QStringLiteral("automatic"), b.automatic},
                                   {QStringLiteral("severity"), b.severity},
                                   {QStringLiteral("id"), QVariant::fromValue<qint64>(b.id)}};
    Q_EMIT bookmarksChanged();
}

void ReplayTimeline::setRate(double rate)
{
    rate = std::clamp(rate, 0.25, 3600.0);
    if (rate == m_rate)
        return;
    m_rate = rate;
    if (m_playing)
        m_replay->setRate(rate);
    Q_EMIT changed();
}

void ReplayTimeline::togglePlay()
{
    m_playing = !m_playing && !m_replay->atEnd();
    m_replay->setRate(m_playing ? m_rate : 0.0);
    refresh();
}

void ReplayTimeline::jump(const std::function<core::SnapshotPtr(std::string *)> &move)
{
    // Every jump pauses where it lands and reports a failed read.
    std::string error;
    if (!move(&error) && !error.empty())
        Q_EMIT failed(tr("The seek failed: %1").arg(QString::fromStdString(error)));
    m_playing = false;
    m_replay->setRate(0.0);
    refresh();
    Q_EMIT moved(m_replay->timeNs());
}

void ReplayTimeline::stepMinutes(int minutes)
{
    jump([this, minutes](std::string *e) { return m_replay->step(minutes * kMinuteNs, e); });
}

void ReplayTimeline::previousAlarm()
{
    jump([this](std::string *e) { return m_replay->previousAlarm(e); });
}

void ReplayTimeline::nextAlarm()
{
    jump([this](std::string *e) { return m_replay->nextAlarm(e); });
}

void ReplayTimeline::seekFraction(double fraction)
{
    seekTo(fromFraction(fraction));
}

void ReplayTimeline::seekTo(qint64 timeNs)
{
    endPreview();
    std::string error;
    if (!m_replay->seek(timeNs, &error))
        Q_EMIT failed(tr("The seek failed: %1").arg(QString::fromStdString(error)));
    refresh();
    Q_EMIT moved(m_replay->timeNs());
}

void ReplayTimeline::jumpToBookmark(int index)
{
    if (index < 0 || index >= m_bookmarks.size())
        return;
    const auto t = m_bookmarks[index].toMap().value(QStringLiteral("timeNs")).toLongLong();
    jump([this, t](std::string *e) { return m_replay->seek(t, e); });
}

void ReplayTimeline::previewFraction(double fraction)
{
    m_previewFraction = std::clamp(fraction, 0.0, 1.0);
    if (!m_previewTimer->isActive())
        m_previewTimer->start();
    Q_EMIT changed();
}

void ReplayTimeline::runPreview()
{
    if (m_previewFraction < 0 || m_previewFraction == m_previewShown || m_previewFailed)
        return;
    if (!m_preview) {
        std::string error;
        m_preview = core::ReplayController::openOffline(m_replay->recording().info().path, {}, error);
        if (!m_preview) {
            m_previewFailed = true; // the drag still seeks on release
            Q_EMIT failed(tr("No preview while dragging: %1").arg(QString::fromStdString(error)));
            return;
        }
    }
    m_previewShown = m_previewFraction;
    if (core::SnapshotPtr snap = m_preview->seek(fromFraction(m_previewFraction)))
        Q_EMIT previewSnapshot(std::move(snap));
}

void ReplayTimeline::endPreview()
{
    if (!previewing())
        return;
    m_previewTimer->stop();
    m_previewFraction = m_previewShown = -1;
    Q_EMIT previewSnapshot(nullptr);
    Q_EMIT changed();
}

bool ReplayTimeline::addBookmark(const QString &note, const QString &author)
{
    std::string error;
    if (!m_replay->recording().addBookmark(m_replay->timeNs(), note.toStdString(), author.toStdString(), error)) {
        Q_EMIT failed(tr("The bookmark could not be saved: %1").arg(QString::fromStdString(error)));
        return false;
    }
    loadBookmarks();
    return true;
}

void ReplayTimeline::refresh()
{
    if (m_playing && m_replay->atEnd()) {
        m_playing = false;
        m_replay->setRate(0.0);
    }
    Q_EMIT changed();
}

} // namespace cityops::ui
