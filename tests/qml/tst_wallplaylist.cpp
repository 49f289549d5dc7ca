// The wall display's playlist, in a real full-screen window under Xvfb: the views cycle at their
// interval, each applies its layers and region, and the window never leaves full screen or gets its frame
// back. Also: a bad playlist setting is reported and the defaults stand in.
#include "citymap.h"
#include "mapdata.h"
#include "wallkpis.h"
#include "wallplaylist.h"

#include "model/scenarioloader.h"

#include <QQuickItem>
#include <QQuickView>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(CityOps_MapPlugin)

using namespace cityops;

class TestWallPlaylist : public QObject {
    Q_OBJECT

    std::shared_ptr<const core::Scenario> m_scenario;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
        QVERIFY(loaded.ok());
        m_scenario = loaded.scenario;
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("CityOpsTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_wallplaylist"));
        QSettings().clear();
    }

    void defaultsCoverEveryDistrict()
    {
        const QVariantList views = ui::WallPlaylist::defaults(*m_scenario, false);
        int districts = 0;
        for (const auto &d : m_scenario->districts)
            districts += d.kind == "district";
        QCOMPARE(views.size(), districts + 3);
        QCOMPARE(views.front().toMap().value(QStringLiteral("layers")).toStringList(), ui::WallPlaylist::layerNames());
    }

    void badPlaylistsAreReported_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        QTest::newRow("not json") << QByteArray("[{") << QStringLiteral("not valid JSON");
        QTest::newRow("empty") << QByteArray("[]") << QStringLiteral("non-empty");
        QTest::newRow("no name") << QByteArray(R"([{"layers":["traffic"]}])") << QStringLiteral("no name");
        QTest::newRow("district") << QByteArray(R"([{"name":"x","district":"nowhere"}])") << QStringLiteral("unknown district");
        QTest::newRow("layer") << QByteArray(R"([{"name":"x","layers":["weather"]}])") << QStringLiteral("unknown layer");
    }

    void badPlaylistsAreReported()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        QString error;
        QVERIFY(ui::WallPlaylist::parse(json, *m_scenario, error).isEmpty());
        QVERIFY2(error.contains(says), qPrintable(error));
        // From the settings, the defaults stand in and the problem is still reported.
        QSettings().setValue(QLatin1String(ui::WallPlaylist::kPlaylistKey), json);
        error.clear();
        QCOMPARE(ui::WallPlaylist::fromSettings(*m_scenario, false, error).size(), ui::WallPlaylist::defaults(*m_scenario, false).size());
        QVERIFY(!error.isEmpty() || json.isEmpty());
        QSettings().remove(QLatin1String(ui::WallPlaylist::kPlaylistKey));
    }

    void cyclesInKioskMode()
    {
        const QString district = QString::fromStdString(m_scenario->districts.front().id);
        const QByteArray json = QStringLiteral(R"([{"name":"City traffic","layers":["traffic","context"]},
                                                   {"name":"District parking","district":"%1","layers":["parking"]}])")
                                    .arg(district).toUtf8();
        QString error;
        const QVariantList playlist = ui::WallPlaylist::parse(json, *m_scenario, error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(playlist.size(), 2);

        ui::MapData data;
        data.setScenario(m_scenario);
        ui::WallKpis kpis;
        QQuickView view;
        view.setInitialProperties({{QStringLiteral("mapData"), QVariant::fromValue(&data)},
                                   {QStringLiteral("kpis"), QVariant::fromValue(static_cast<QObject *>(&kpis))},
                                   {QStringLiteral("playlist"), playlist},
                                   {QStringLiteral("playlistIntervalS"), 1}});
        view.setResizeMode(QQuickView::SizeRootObjectToView);
        view.setSource(QUrl(QStringLiteral("qrc:/qt-project.org/imports/CityOps/Map/WallDisplay.qml")));
        QCOMPARE(view.status(), QQuickView::Ready);
        view.setFlags(view.flags() | Qt::FramelessWindowHint);
        view.setGeometry(view.screen()->geometry());
        view.showFullScreen();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        QQuickItem *root = view.rootObject();
        auto *map = root->property("map").value<ui::CityMap *>();
        QVERIFY(map);
        auto *name = root->findChild<QQuickItem *>(QStringLiteral("viewName"));
        QVERIFY(name);
        // View 1: the whole city, traffic and context only.
        QTRY_COMPARE(root->property("playlistIndex").toInt(), 0);
        QVERIFY(map->trafficVisible() && map->contextVisible());
        QVERIFY(!map->parkingVisible() && !map->floodVisible() && !map->serviceVisible());
        QVERIFY(name->property("text").toString().startsWith(QStringLiteral("City traffic")));
        const double wholeCityScale = map->viewport()->scale();
        // View 2 after the interval: parking only, zoomed in to the district.
        QTRY_COMPARE_WITH_TIMEOUT(root->property("playlistIndex").toInt(), 1, 3000);
        QVERIFY(map->parkingVisible() && !map->trafficVisible() && !map->contextVisible());
        QVERIFY(name->property("text").toString().startsWith(QStringLiteral("District parking")));
        QVERIFY2(map->viewport()->scale() > wholeCityScale * 1.2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(map->viewport()->scale()).arg(wholeCityScale)));
        // And round again; through it all the window stayed full screen and frameless.
        QTRY_COMPARE_WITH_TIMEOUT(root->property("playlistIndex").toInt(), 0, 3000);
        QCOMPARE(view.windowState(), Qt::WindowFullScreen);
        QVERIFY(view.flags() & Qt::FramelessWindowHint);
        QCOMPARE(view.geometry(), view.screen()->geometry());
    }
};

QTEST_MAIN(TestWallPlaylist)
#include "tst_wallplaylist.moc"
