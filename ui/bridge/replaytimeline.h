// ReplayTimeline: what a replay's timeline shows and does, for the workstation's TimelineBar and the wall's
// QML timeline alike. Play and pause, speed 0.25x to 3600x, a minute back or on, the previous or next alarm
// (each jump pauses where it lands), seek to a place on the track, and a live preview while the handle is
// dragged: a second, offline replay of the same file seeks there and its snapshot is offered to the map
// (previewSnapshot) without moving the replay itself. Bookmarks: automatic at every warning or critical
// alarm, and the operators' own with a note, written to the recording file. Positions on the track are
// fractions of the recording (0 start .. 1 end).
//
// Threading: GUI thread. The controller's calls wait for the engine's io thread (a seek takes ~0.1 s; a
// preview seek on the offline replay ~20 ms).
#pragma once

#include "snapshotmetatype.h"

#include "replay/replaycontroller.h"

#include <QObject>
#include <QTimeZone>
#include <QVariantList>

#include <memory>

class QTimer;

namespace cityops::ui {

class ReplayTimeline : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool playing READ playing NOTIFY changed)
    Q_PROPERTY(double rate READ rate WRITE setRate NOTIFY changed)
    Q_PROPERTY(double position READ position NOTIFY changed)            ///< 0..1
    Q_PROPERTY(QString timeText READ timeText NOTIFY changed)           ///< "now of end", or the preview's time
    Q_PROPERTY(QVariantList rates READ rates CONSTANT)
    Q_PROPERTY(QVariantList alarmMarks READ alarmMarks CONSTANT)        ///< fractions
    Q_PROPERTY(QVariantList gapMarks READ gapMarks CONSTANT)            ///< [{from, to}] fractions
    Q_PROPERTY(QVariantList bookmarks READ bookmarks NOTIFY bookmarksChanged)
    Q_PROPERTY(bool previewing READ previewing NOTIFY changed)
    Q_PROPERTY(QString rateText READ rateText NOTIFY changed)
    /// Short, for the wall: the time (or the preview's) and the end, without dates.
    Q_PROPERTY(QString clockText READ clockText NOTIFY changed)
    /// The controls' words in the interface's language (QML has no translations of its own here).
    Q_PROPERTY(QVariantMap texts READ texts CONSTANT)

public:
    ReplayTimeline(core::ReplayController *replay, const QTimeZone &zone, QObject *parent = nullptr);
    ~ReplayTimeline() override;

    core::ReplayController *replay() const { return m_replay; }
    bool playing() const { return m_playing; }
    double rate() const { return m_rate; }
    void setRate(double rate);
    double position() const;
    QString timeText() const;
    static QVariantList rates();
    QVariantList alarmMarks() const;
    QVariantList gapMarks() const;
    /// Each: {fraction, time (text), note, author, automatic, severity, id}; by time.
    QVariantList bookmarks() const { return m_bookmarks; }
    bool previewing() const { return m_previewFraction >= 0; }
    QString rateText() const;
    QString clockText() const;
    static QVariantMap texts();

    double toFraction(std::int64_t ns) const;
    std::int64_t fromFraction(double fraction) const;

public Q_SLOTS:
    void togglePlay();
    void stepMinutes(int minutes);
    void previousAlarm();
    void nextAlarm();
    void seekFraction(double fraction);
    void seekTo(qint64 timeNs);
    /// While the handle is dragged: shows the replay at `fraction` on the map without moving the replay.
    void previewFraction(double fraction);
    /// The drag ended: the map follows the replay again.
    void endPreview();
    /// Adds the operator's bookmark at the current time; false and error() if the file refused it.
    bool addBookmark(const QString &note, const QString &author);
    void jumpToBookmark(int index);
    /// The next speed of rates() (after the last, the first): one button on a wall.
    void cycleRate();

Q_SIGNALS:
    void changed();
    void bookmarksChanged();
    /// After a seek or a jump: the replay is now at this engine time.
    void moved(qint64 timeNs);
    /// The preview's snapshot while dragging; null when the preview ends.
    void previewSnapshot(std::shared_ptr<const cityops::core::CitySnapshot> snapshot);
    /// A read or write failed (a sentence for the operator).
    void failed(const QString &message);

private:
    void jump(const std::function<core::SnapshotPtr(std::string *)> &move);
    void loadBookmarks();
    void runPreview();
    void refresh();

    core::ReplayController *m_replay;
    QTimeZone m_zone;
    double m_rate = 60.0;
    bool m_playing = false;
    QVariantList m_bookmarks;
    QTimer *m_tick;
    // Live preview: an offline replay of the same file, opened on the first drag.
    std::unique_ptr<core::ReplayController> m_preview;
    bool m_previewFailed = false;
    double m_previewFraction = -1;
    double m_previewShown = -1;
    std::int64_t m_previewNs = 0;
    QTimer *m_previewTimer;
};

} // namespace cityops::ui
