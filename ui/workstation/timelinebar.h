// TimelineBar: the replay timeline of the workstation. Play and pause (Space), speed 0.25x to 3600x, step a
// minute back or on (Ctrl+Left / Ctrl+Right), jump to the previous or next alarm (Ctrl+PgUp / Ctrl+PgDown),
// and seek by clicking or dragging the track (the time under the handle shows while dragging; the seek happens
// on release). The track marks every raised alarm (red) and the gaps where data was missing (grey).
//
// Threading: GUI thread. The ReplayController's calls wait for the engine's io thread (a seek takes ~0.1 s).
#pragma once

#include "replay/replaycontroller.h"

#include <QSlider>
#include <QTimeZone>
#include <QToolBar>

#include <vector>

class QComboBox;
class QLabel;
class QTimer;

namespace cityops::ui {

/// A slider that draws alarm ticks and gap bands over its groove.
class TimelineSlider : public QSlider {
    Q_OBJECT

public:
    using QSlider::QSlider;
    /// Positions in slider units.
    void setMarks(std::vector<int> alarms, std::vector<std::pair<int, int>> gaps);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::vector<int> m_alarms;
    std::vector<std::pair<int, int>> m_gaps;
};

class TimelineBar : public QToolBar {
    Q_OBJECT

public:
    static constexpr int kSteps = 10000;

    TimelineBar(core::ReplayController *replay, const QTimeZone &zone, QWidget *parent = nullptr);

    TimelineSlider *slider() const { return m_slider; }
    void setRate(double rate);
    double rate() const { return m_rate; }

public Q_SLOTS:
    void togglePlay();
    void seekTo(std::int64_t timeNs);

Q_SIGNALS:
    /// After a seek or a jump: the replay is now at this engine time.
    void moved(qint64 timeNs);

private:
    int toSlider(std::int64_t ns) const;
    std::int64_t fromSlider(int value) const;
    void refresh();
    void report(const QString &message, const std::string &error);

    core::ReplayController *m_replay;
    QTimeZone m_zone;
    double m_rate = 60.0;
    bool m_playing = false;
    QAction *m_play;
    QComboBox *m_speed;
    TimelineSlider *m_slider;
    QLabel *m_time;
    QTimer *m_tick;
};

} // namespace cityops::ui
