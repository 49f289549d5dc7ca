// TimelineBar: the replay timeline of the workstation, on a ReplayTimeline (ui/bridge, shared with the wall).
// Play and pause (Space), speed 0.25x to 3600x, step a minute back or on (Ctrl+Left / Ctrl+Right), jump to the
// previous or next alarm (Ctrl+PgUp / Ctrl+PgDown), and seek by clicking or dragging the track: while
// dragging, the map previews the place under the handle; the seek happens on release. Bookmarks (Ctrl+B adds
// one with a note; the Bookmarks menu jumps to any, automatic ones at alarms included). The track marks every
// raised alarm (red), the operators' bookmarks (cyan) and the gaps where data was missing (grey).
//
// Threading: GUI thread. The ReplayController's calls wait for the engine's io thread (a seek takes ~0.1 s).
#pragma once

#include "replaytimeline.h"

#include <QSlider>
#include <QTimeZone>
#include <QToolBar>

#include <vector>

class QComboBox;
class QLabel;
class QMenu;

namespace cityops::ui {

/// A slider that draws alarm ticks and gap bands over its groove.
class TimelineSlider : public QSlider {
    Q_OBJECT

public:
    using QSlider::QSlider;
    /// Positions in slider units.
    void setMarks(std::vector<int> alarms, std::vector<std::pair<int, int>> gaps);
    void setBookmarkMarks(std::vector<int> bookmarks);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::vector<int> m_alarms, m_bookmarks;
    std::vector<std::pair<int, int>> m_gaps;
};

class TimelineBar : public QToolBar {
    Q_OBJECT

public:
    static constexpr int kSteps = 10000;

    TimelineBar(core::ReplayController *replay, const QTimeZone &zone, QWidget *parent = nullptr);

    ReplayTimeline *timeline() const { return m_timeline; }
    TimelineSlider *slider() const { return m_slider; }
    void setRate(double rate) { m_timeline->setRate(rate); }
    double rate() const { return m_timeline->rate(); }
    /// The name written with the bookmarks the operator adds.
    void setOperatorName(const QString &name) { m_operator = name; }

public Q_SLOTS:
    void togglePlay() { m_timeline->togglePlay(); }
    void seekTo(std::int64_t timeNs) { m_timeline->seekTo(timeNs); }
    /// Asks for a note and bookmarks the current time.
    void addBookmark();

Q_SIGNALS:
    /// After a seek or a jump: the replay is now at this engine time.
    void moved(qint64 timeNs);

private:
    void refresh();
    void refreshBookmarks();

    ReplayTimeline *m_timeline;
    QString m_operator;
    QAction *m_play;
    QComboBox *m_speed;
    QMenu *m_bookmarkMenu;
    TimelineSlider *m_slider;
    QLabel *m_time;
};

} // namespace cityops::ui
