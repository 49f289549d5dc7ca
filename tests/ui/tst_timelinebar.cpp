// The replay timeline on a real recording: cityops-cli records 40 minutes of the demo city in the storm, the
// timeline drives a ReplayController attached to an EngineBridge's engine. Next alarm lands on the first
// recorded alarm, a seek lands where asked (and the engine's snapshots follow), step moves a minute and
// pauses, play advances engine time at the chosen speed, and the track carries a mark per alarm. Dragging
// previews: the map shows the replay at the handle while the replay itself stays; a bookmark with a note is
// written to the file. The wall's QML timeline drives the same replay by clicks.
#include "enginebridge.h"
#include "mapdata.h"
#include "recordcity.h"
#include "timelinebar.h"

#include "engine/clock.h"
#include "model/scenarioloader.h"
#include "replay/recording.h"
#include "replay/replaycontroller.h"

#include <QAction>
#include <QApplication>
#include <QQuickItem>
#include <QQuickView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(CityOps_MapPlugin)

using namespace cityops;

class TestTimelineBar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void drivesTheReplay()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("storm.cityops"));
        QCOMPARE(testing::recordDemoCity(file, QStringLiteral("40m"), 2, true), 0);

        std::string error;
        auto recording = core::Recording::open(file.toStdString(), error);
        QVERIFY2(recording, error.c_str());
        QVERIFY(!recording->alarmTimes().empty());
        ui::EngineBridge bridge(recording->model(), core::replayEngineConfig(),
                                std::make_shared<core::Clock>(recording->startNs(), 0.0));
        QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
        auto replay = core::ReplayController::attach(*bridge.engine(), file.toStdString(), {}, error);
        QVERIFY2(replay, error.c_str());

        ui::TimelineBar bar(replay.get(), QTimeZone::utc());
        QCOMPARE(replay->timeNs(), recording->startNs());

        // The first alarm.
        QAction *next = nullptr;
        for (QAction *a : bar.actions())
            if (a->text() == ui::TimelineBar::tr("Next alarm"))
                next = a;
        QVERIFY(next);
        next->trigger();
        const std::int64_t firstAlarm = recording->alarmTimes().front();
        QVERIFY2(replay->timeNs() >= firstAlarm && replay->timeNs() <= firstAlarm + 60'000'000'000LL,
                 qPrintable(QStringLiteral("%1 vs %2").arg(replay->timeNs()).arg(firstAlarm)));

        // A seek to the middle; the engine's snapshots follow.
        const std::int64_t middle = recording->startNs() + (recording->endNs() - recording->startNs()) / 2;
        bar.seekTo(middle);
        QVERIFY(std::llabs(replay->timeNs() - middle) <= 60'000'000'000LL);
        QTRY_VERIFY(bridge.latestSnapshot() && std::llabs(bridge.latestSnapshot()->timeNs - middle) <= 60'000'000'000LL);
        QVERIFY(std::abs(bar.slider()->value() - ui::TimelineBar::kSteps / 2) <= ui::TimelineBar::kSteps / 40);

        // Play at 600x for a second: about 10 minutes of engine time.
        bar.setRate(600.0);
        const std::int64_t before = replay->timeNs();
        bar.togglePlay();
        QTest::qWait(1000);
        bar.togglePlay();
        const std::int64_t played = replay->timeNs() - before;
        QVERIFY2(played >= 3 * 60'000'000'000LL && played <= 20 * 60'000'000'000LL, qPrintable(QString::number(played / 1e9)));

        // Dragging previews that moment on the map; the replay stays where it is.
        const auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
        QVERIFY(loaded.ok());
        ui::MapData mapData;
        mapData.setScenario(loaded.scenario);
        mapData.attach(&bridge);
        QObject::connect(bar.timeline(), &ui::ReplayTimeline::previewSnapshot, &mapData, &ui::MapData::setPreview);
        const std::int64_t here = replay->timeNs();
        const std::int64_t quarter = bar.timeline()->fromFraction(0.25);
        bar.timeline()->previewFraction(0.25);
        QTRY_VERIFY(mapData.previewing() && mapData.snapshot()
                    && std::llabs(mapData.snapshot()->timeNs - quarter) <= 60'000'000'000LL);
        QTest::qWait(400); // the engine's snapshots keep coming: the preview stays on the map
        QVERIFY(std::llabs(mapData.snapshot()->timeNs - quarter) <= 60'000'000'000LL);
        // The replay did not move (a paused clock may still creep by microseconds while it settles).
        QVERIFY2(std::llabs(replay->timeNs() - here) < 1'000'000'000LL, qPrintable(QString::number(replay->timeNs() - here)));
        QVERIFY(bar.timeline()->timeText().startsWith(ui::ReplayTimeline::tr("Seek to %1").left(7)));
        bar.timeline()->endPreview();
        QVERIFY(!mapData.previewing());
        QTRY_VERIFY(std::llabs(mapData.snapshot()->timeNs - here) <= 60'000'000'000LL);

        // A bookmark with a note, in the operator's name, kept in the file.
        const auto bookmarksBefore = bar.timeline()->bookmarks().size();
        QVERIFY(bar.timeline()->addBookmark(QStringLiteral("water over the kerb at the underpass"), QStringLiteral("alice")));
        QCOMPARE(bar.timeline()->bookmarks().size(), bookmarksBefore + 1);
        auto reopened = core::Recording::open(file.toStdString(), error);
        QVERIFY2(reopened, error.c_str());
        bool kept = false;
        for (const auto &b : reopened->bookmarks())
            kept = kept || (!b.automatic && b.note == "water over the kerb at the underpass" && b.author == "alice"
                            && std::llabs(b.timeNs - here) <= 60'000'000'000LL);
        QVERIFY(kept);
        // Automatic ones at alarms are listed too.
        const QVariantList listed = bar.timeline()->bookmarks();
        QVERIFY(std::any_of(listed.begin(), listed.end(),
                            [](const QVariant &b) { return b.toMap().value(QStringLiteral("automatic")).toBool(); }));

        // The wall's timeline: play and pause by its button, seek by a click on its track.
        QQuickView view;
        view.setInitialProperties({{QStringLiteral("mapData"), QVariant::fromValue(&mapData)},
                                   {QStringLiteral("timeline"), QVariant::fromValue(static_cast<QObject *>(bar.timeline()))}});
        view.setResizeMode(QQuickView::SizeRootObjectToView);
        view.setSource(QUrl(QStringLiteral("qrc:/qt-project.org/imports/CityOps/Map/WallDisplay.qml")));
        QVERIFY2(view.status() == QQuickView::Ready, qPrintable(view.errors().value(0).toString()));
        view.resize(1920, 1080);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *root = view.rootObject();
        auto *playButton = root->findChild<QQuickItem *>(QStringLiteral("wallPlay"));
        auto *trackItem = root->findChild<QQuickItem *>(QStringLiteral("wallTrack"));
        QVERIFY(playButton && trackItem && root->findChild<QQuickItem *>(QStringLiteral("wallTimeline"))->isVisible());
        auto centre = [](QQuickItem *item, double fx = 0.5) {
            return item->mapToScene(QPointF(item->width() * fx, item->height() / 2)).toPoint();
        };
        QVERIFY(!bar.timeline()->playing());
        QTest::mouseClick(&view, Qt::LeftButton, {}, centre(playButton));
        QTRY_VERIFY(bar.timeline()->playing());
        QTest::mouseClick(&view, Qt::LeftButton, {}, centre(playButton));
        QTRY_VERIFY(!bar.timeline()->playing());
        QTest::mouseClick(&view, Qt::LeftButton, {}, centre(trackItem, 0.75));
        const std::int64_t threeQuarters = bar.timeline()->fromFraction(0.75);
        QTRY_VERIFY2(std::llabs(replay->timeNs() - threeQuarters) <= 2 * 60'000'000'000LL,
                     qPrintable(QStringLiteral("%1 vs %2").arg(replay->timeNs()).arg(threeQuarters)));
        QVERIFY(!mapData.previewing());
        // The replay detaches from the engine as it goes, so it goes before the bridge (declaration order).
    }
};

QTEST_MAIN(TestTimelineBar)
#include "tst_timelinebar.moc"
