#include "timelinebar.h"

#include "display.h"

#include <QAction>
#include <QComboBox>
#include <QInputDialog>
#include <QMenu>
#include <QToolButton>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QTimer>

#include <algorithm>

namespace cityops::ui {

void TimelineSlider::setMarks(std::vector<int> alarms, std::vector<std::pair<int, int>> gaps)
{
    m_alarms = std::move(alarms);
    m_gaps = std::move(gaps);
    update();
}

void TimelineSlider::setBookmarkMarks(std::vector<int> bookmarks)
{
    m_bookmarks = std::move(bookmarks);
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
    p.setPen(QPen(QColor(0x40, 0xc4, 0xff), 3));
    for (int v : m_bookmarks)
        p.drawLine(x(v), groove.bottom(), x(v), rect().bottom() - 2);
}

TimelineBar::TimelineBar(core::ReplayController *replay, const QTimeZone &zone, QWidget *parent)
    : QToolBar(tr("Replay"), parent)
    , m_timeline(new ReplayTimeline(replay, zone, this))
{
    setObjectName(QStringLiteral("timelineBar"));
    auto appWide = [](QAction *a, QKeySequence key) {
        a->setShortcut(key);
        a->setShortcutContext(Qt::ApplicationShortcut);
        return a;
    };
    m_play = appWide(addAction(tr("Play"), m_timeline, &ReplayTimeline::togglePlay), QKeySequence(Qt::Key_Space));
    m_play->setObjectName(QStringLiteral("replayPlay"));
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    for (const QVariant &r : ReplayTimeline::rates())
        m_speed->addItem(Display::speed(r.toDouble()), r);
    m_speed->setCurrentIndex(m_speed->findData(m_timeline->rate()));
    m_speed->setToolTip(tr("Replay speed, times real time"));
    addWidget(m_speed);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { setRate(m_speed->currentData().toDouble()); });

    appWide(addAction(tr("-1 min"), this, [this] { m_timeline->stepMinutes(-1); }), QKeySequence(Qt::CTRL | Qt::Key_Left));
    appWide(addAction(tr("+1 min"), this, [this] { m_timeline->stepMinutes(1); }), QKeySequence(Qt::CTRL | Qt::Key_Right));
    appWide(addAction(tr("Previous alarm"), m_timeline, &ReplayTimeline::previousAlarm), QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    appWide(addAction(tr("Next alarm"), m_timeline, &ReplayTimeline::nextAlarm), QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    appWide(addAction(tr("Bookmark..."), this, &TimelineBar::addBookmark), QKeySequence(Qt::CTRL | Qt::Key_B))
        ->setObjectName(QStringLiteral("replayAddBookmark"));
    auto *bookmarks = new QToolButton(this);
    bookmarks->setObjectName(QStringLiteral("replayBookmarks"));
    bookmarks->setText(tr("Bookmarks"));
    bookmarks->setPopupMode(QToolButton::InstantPopup);
    m_bookmarkMenu = new QMenu(bookmarks);
    bookmarks->setMenu(m_bookmarkMenu);
    addWidget(bookmarks);

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

    auto steps = [](const QVariant &fraction) { return static_cast<int>(std::lround(fraction.toDouble() * kSteps)); };
    std::vector<int> alarms;
    for (const QVariant &f : m_timeline->alarmMarks())
        alarms.push_back(steps(f));
    std::vector<std::pair<int, int>> gaps;
    for (const QVariant &g : m_timeline->gapMarks())
        gaps.emplace_back(steps(g.toMap().value(QStringLiteral("from"))), steps(g.toMap().value(QStringLiteral("to"))));
    m_slider->setMarks(std::move(alarms), std::move(gaps));

    // Dragging previews the place under the handle on the map; the seek happens on release (and on a click
    // on the track).
    connect(m_slider, &QSlider::sliderMoved, this, [this](int value) { m_timeline->previewFraction(double(value) / kSteps); });
    connect(m_slider, &QSlider::sliderReleased, this, [this] { m_timeline->seekFraction(double(m_slider->value()) / kSteps); });
    connect(m_slider, &QSlider::actionTriggered, this, [this](int action) {
        if (action == QAbstractSlider::SliderPageStepAdd || action == QAbstractSlider::SliderPageStepSub)
            QTimer::singleShot(0, this, [this] { m_timeline->seekFraction(double(m_slider->value()) / kSteps); });
    });

    connect(m_timeline, &ReplayTimeline::changed, this, &TimelineBar::refresh);
    connect(m_timeline, &ReplayTimeline::bookmarksChanged, this, &TimelineBar::refreshBookmarks);
    connect(m_timeline, &ReplayTimeline::moved, this, &TimelineBar::moved);
    connect(m_timeline, &ReplayTimeline::failed, this, [this](const QString &message) {
        QMessageBox::warning(parentWidget(), tr("Replay"), message);
    });
    refreshBookmarks();
    refresh();
}

void TimelineBar::addBookmark()
{
    bool ok = false;
    const QString note = QInputDialog::getText(parentWidget(), tr("Bookmark"),
                                               tr("Note for %1:").arg(m_timeline->timeText()), QLineEdit::Normal,
                                               QString(), &ok);
    if (ok)
        m_timeline->addBookmark(note, m_operator);
}

void TimelineBar::refreshBookmarks()
{
    m_bookmarkMenu->clear();
    std::vector<int> manual;
    const QVariantList list = m_timeline->bookmarks();
    for (int k = 0; k < list.size(); ++k) {
        const QVariantMap b = list[k].toMap();
        const bool automatic = b.value(QStringLiteral("automatic")).toBool();
        QString text = b.value(QStringLiteral("time")).toString() + QStringLiteral("  ") + b.value(QStringLiteral("note")).toString();
        if (!automatic && !b.value(QStringLiteral("author")).toString().isEmpty())
            text += QStringLiteral(" (%1)").arg(b.value(QStringLiteral("author")).toString());
        m_bookmarkMenu->addAction(automatic ? tr("Alarm: %1").arg(text) : text, this, [this, k] { m_timeline->jumpToBookmark(k); });
        if (!automatic)
            manual.push_back(static_cast<int>(std::lround(b.value(QStringLiteral("fraction")).toDouble() * kSteps)));
    }
    if (list.isEmpty())
        m_bookmarkMenu->addAction(tr("No bookmarks yet"))->setEnabled(false);
    m_slider->setBookmarkMarks(std::move(manual));
}

void TimelineBar::refresh()
{
    m_play->setText(m_timeline->playing() ? tr("Pause") : tr("Play"));
    m_time->setText(m_timeline->timeText());
    if (!m_slider->isSliderDown()) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(static_cast<int>(std::lround(m_timeline->position() * kSteps)));
    }
}

} // namespace cityops::ui
