// The city map (qml/) drawn for real: a QQuickView under Xvfb (OpenGL through llvmpipe; the offscreen
// platform's software renderer would draw no custom geometry), grabbed and checked pixel by pixel at the
// projected positions of links, car parks, service centres and flooded cells.
// Set CITYOPS_MAP_PNG_DIR to keep every grabbed frame as a PNG for a human to look at.
#include "citymap.h"
#include "mapstyle.h"

#include "model/scenarioloader.h"

#include <QAbstractItemModelTester>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickView>
#include <QSignalSpy>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <functional>
#include <memory>

Q_IMPORT_QML_PLUGIN(CityOps_MapPlugin)

using namespace cityops;
using ui::CityMap;
using ui::MapData;
namespace style = ui::mapstyle;

namespace {

constexpr QRgb kFree = style::kTraffic[4].color;
constexpr QRgb kStopped = style::kTraffic[0].color;

// A small city built in code: links, car parks and service centres around (113.70, 34.75).
struct CityBuilder {
    std::shared_ptr<core::CityModel> model = std::make_shared<core::CityModel>();
    std::shared_ptr<core::Scenario> scenario = std::make_shared<core::Scenario>();

    int link(const std::string &id, std::vector<core::GeoPoint> points, int lanes = 3, const std::string &reverse = {})
    {
        core::Entity e;
        e.id = id;
        e.kind = core::EntityKind::Link;
        e.lanes = lanes;
        e.speedLimitKmh = 60;
        e.lon = points.front().lon;
        e.lat = points.front().lat;
        const auto index = *model->add(e);
        core::LinkGeometry g;
        g.entity = index;
        g.points = std::move(points);
        g.reverseLink = reverse;
        scenario->links.push_back(std::move(g));
        return static_cast<int>(index);
    }
    int facility(core::EntityKind kind, const std::string &id, double lon, double lat, int capacity)
    {
        core::Entity e;
        e.id = id;
        e.kind = kind;
        e.name = id + " name";
        e.lon = lon;
        e.lat = lat;
        e.capacity = capacity;
        return static_cast<int>(*model->add(e));
    }
    std::shared_ptr<const core::Scenario> done(core::GeoBounds bounds)
    {
        scenario->city = model;
        scenario->bounds = bounds;
        return scenario;
    }
};

using Fill = std::function<void(std::vector<core::EntityState> &)>;

core::SnapshotPtr snapshotOf(const core::Scenario &s, const Fill &fill, std::uint64_t sequence = 1)
{
    auto snap = std::make_shared<core::CitySnapshot>();
    snap->sequence = sequence;
    snap->entities.resize(s.city->size());
    fill(snap->entities);
    return snap;
}

void setFresh(core::EntityState &e, std::initializer_list<std::pair<int, double>> fields)
{
    e.freshness = core::Freshness::Fresh;
    for (const auto &[field, value] : fields) {
        e.values[field] = value;
        e.fieldMask |= static_cast<std::uint8_t>(1u << field);
    }
}

bool near(QRgb a, QRgb b, int tolerance = 4)
{
    return std::abs(qRed(a) - qRed(b)) <= tolerance && std::abs(qGreen(a) - qGreen(b)) <= tolerance
        && std::abs(qBlue(a) - qBlue(b)) <= tolerance;
}

/// Pixels of colour `c` within `radius` of `p`.
int countNear(const QImage &img, QPointF p, int radius, QRgb c, int tolerance = 4)
{
    int n = 0;
    const int cx = qRound(p.x()), cy = qRound(p.y());
    for (int y = cy - radius; y <= cy + radius; ++y)
        for (int x = cx - radius; x <= cx + radius; ++x)
            if (x >= 0 && y >= 0 && x < img.width() && y < img.height() && near(img.pixel(x, y), c, tolerance))
                ++n;
    return n;
}

/// `c` (non-premultiplied ARGB) blended over the opaque `under`.
QRgb over(QRgb c, QRgb under)
{
    const double a = qAlpha(c) / 255.0;
    auto mix = [a](int s, int d) { return qRound(s * a + d * (1 - a)); };
    return qRgb(mix(qRed(c), qRed(under)), mix(qGreen(c), qGreen(under)), mix(qBlue(c), qBlue(under)));
}

} // namespace

class TestCityMap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void layersDrawWhereTheirEntitiesAre();
    void hidingALayerRemovesItsPixels();
    void aLinkThatTurnsSlowChangesColourWithoutRebuilding();
    void panningMovesTheCachedMapAndRedrawsOnlyPastItsMargin();
    void directionsSeparateWhenZoomedIn();
    void moreThan65535VerticesAllDraw();
    void legendModels();
    void interaction();
    void snapshotsAreCoalesced();
    void demoCity();

private:
    QImage grab(const char *name);
    void makeSmallCity();

    std::unique_ptr<QQuickView> m_view;
    CityMap *m_map = nullptr;
    std::unique_ptr<MapData> m_data;
    std::shared_ptr<const core::Scenario> m_scenario;
    int m_east = -1, m_west = -1, m_north = -1, m_parkA = -1, m_parkFull = -1, m_service = -1;
};

void TestCityMap::initTestCase()
{
    QVERIFY2(QGuiApplication::platformName() == QLatin1String("xcb"),
             "run under xvfb-run: the offscreen platform does not draw custom scene-graph geometry");
}

void TestCityMap::init()
{
    m_view = std::make_unique<QQuickView>();
    m_view->resize(800, 600);
    QQmlComponent component(m_view->engine());
    component.setData("import QtQuick\nimport CityOps.Map\nCityMap {}", QUrl());
    m_map = qobject_cast<CityMap *>(component.create());
    QVERIFY2(m_map, qPrintable(component.errorString()));
    m_map->setParent(m_view->contentItem());
    m_map->setParentItem(m_view->contentItem());
    m_map->setSize(QSizeF(800, 600));
    m_map->setLanguage(QStringLiteral("en"));
    m_map->parkingLayer()->setPulse(false);
    m_map->serviceLayer()->setPulse(false);
    m_data = std::make_unique<MapData>();
    m_data->setUpdateIntervalMs(0);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestCityMap::cleanup()
{
    m_view.reset(); // deletes the map
    m_map = nullptr;
    m_data.reset();
    m_scenario.reset();
}

QImage TestCityMap::grab(const char *name)
{
    QImage img = m_view->grabWindow();
    if (const QByteArray dir = qgetenv("CITYOPS_MAP_PNG_DIR"); !dir.isEmpty())
        img.save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(QTest::currentTestFunction())
                 + QLatin1Char('_') + QLatin1String(name) + QLatin1String(".png"));
    return img;
}

void TestCityMap::makeSmallCity()
{
    CityBuilder b;
    // A two-way east-west road, a one-way north-south road, two car parks, a service centre.
    m_east = b.link("E", {{113.690, 34.752}, {113.700, 34.752}, {113.710, 34.752}}, 3, "W");
    m_west = b.link("W", {{113.710, 34.752}, {113.700, 34.752}, {113.690, 34.752}}, 3, "E");
    m_north = b.link("N", {{113.696, 34.741}, {113.696, 34.749}}, 2);
    m_parkA = b.facility(core::EntityKind::Parking, "PA", 113.704, 34.744, 400);
    m_parkFull = b.facility(core::EntityKind::Parking, "PF", 113.686, 34.744, 400);
    m_service = b.facility(core::EntityKind::ServiceCenter, "SC", 113.712, 34.746, 10);
    m_scenario = b.done({113.680, 34.735, 113.720, 34.760});
    m_data->setScenario(m_scenario);
    m_map->setMapData(m_data.get());
}

void TestCityMap::layersDrawWhereTheirEntitiesAre()
{
    makeSmallCity();
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) {
        setFresh(e[m_east], {{0, 55}});
        setFresh(e[m_west], {{0, 55}});
        setFresh(e[m_north], {{0, 55}});
        setFresh(e[m_parkA], {{0, 120}, {1, 400}});   // 30 %
        setFresh(e[m_parkFull], {{0, 396}, {1, 400}}); // 99 %: full
        setFresh(e[m_service], {{0, 48}, {3, 4}});     // 12 per counter
    }));
    // A flooded square in the south-west corner: dangerous water.
    ui::FloodField flood{10, 10, 113.680, 34.735, 0.001, std::vector<float>(100, 0.0f)};
    for (int r = 7; r < 10; ++r)
        for (int c = 0; c < 3; ++c)
            flood.depths[static_cast<std::size_t>(r * 10 + c)] = 0.5f;
    m_data->setFloodField(flood);
    m_data->flush();
    QCOMPARE(m_map->floodLayer()->impassableCells(), 9);

    const QImage img = grab("all");
    const QPointF east = m_map->entityPosition(m_east);
    const QPointF north = m_map->entityPosition(m_north);
    QVERIFY2(countNear(img, east, 2, kFree) >= 5, "the east-west road is drawn at its projected position");
    QVERIFY2(countNear(img, north, 2, kFree) >= 5, "the north-south road is drawn at its projected position");
    QVERIFY(countNear(img, m_map->entityPosition(m_parkA), 2, style::kParking[0].color) >= 20);
    QVERIFY(countNear(img, m_map->entityPosition(m_parkFull), 2, style::kParking[3].color) >= 20);
    QVERIFY2(countNear(img, m_map->entityPosition(m_parkFull), 14, qRgb(255, 255, 255)) >= 40,
             "a full car park stands out with a white ring");
    QCOMPARE(m_map->parkingLayer()->highlightedCount(), 1);
    QVERIFY(countNear(img, m_map->entityPosition(m_service), 2, style::kService[3].color) >= 20);
    const QPointF floodCentre = m_map->viewport()->lonLatToScreen(113.6815, 34.7365);
    QVERIFY2(countNear(img, floodCentre, 3, over(style::kFlood[2].color, style::kBackground), 6) >= 40,
             "dangerous water is drawn in its class colour over the background");
    // Empty map is background, not road or symbol colour.
    const QPointF empty = m_map->viewport()->lonLatToScreen(113.716, 34.757);
    QCOMPARE(countNear(img, empty, 6, style::kBackground, 1), 13 * 13);
    QCOMPARE(countNear(img, m_map->viewport()->lonLatToScreen(113.700, 34.757), 6, kFree), 0);
}

void TestCityMap::hidingALayerRemovesItsPixels()
{
    makeSmallCity();
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) {
        setFresh(e[m_east], {{0, 55}});
        setFresh(e[m_parkA], {{0, 120}, {1, 400}});
        setFresh(e[m_service], {{0, 48}, {3, 4}});
    }));
    ui::FloodField flood{10, 10, 113.680, 34.735, 0.001, std::vector<float>(100, 0.2f)};
    m_data->setFloodField(flood);
    m_data->flush();
    const QPointF east = m_map->entityPosition(m_east), park = m_map->entityPosition(m_parkA),
                  service = m_map->entityPosition(m_service);
    const QPointF wet = m_map->viewport()->lonLatToScreen(113.6815, 34.7365);
    const QRgb water = over(style::kFlood[1].color, style::kBackground);
    QImage img = grab("before");
    QVERIFY(countNear(img, east, 2, kFree) > 0);
    QVERIFY(countNear(img, park, 2, style::kParking[0].color) > 0);
    QVERIFY(countNear(img, service, 2, style::kService[3].color) > 0);
    QVERIFY(countNear(img, wet, 2, water, 6) > 0);

    QSignalSpy visibility(m_map, &CityMap::layerVisibilityChanged);
    m_map->setTrafficVisible(false);
    m_map->setParkingVisible(false);
    m_map->setServiceVisible(false);
    m_map->setFloodVisible(false);
    QCOMPARE(visibility.count(), 4);
    img = grab("hidden");
    QCOMPARE(countNear(img, east, 3, kFree), 0);
    QCOMPARE(countNear(img, park, 3, style::kParking[0].color), 0);
    QCOMPARE(countNear(img, service, 3, style::kService[3].color), 0);
    QCOMPARE(countNear(img, wet, 2, water, 6), 0);
    QCOMPARE(m_map->entityAt(park), -1);

    m_map->setTrafficVisible(true);
    img = grab("traffic_again");
    QVERIFY(countNear(img, east, 2, kFree) > 0);
}

void TestCityMap::aLinkThatTurnsSlowChangesColourWithoutRebuilding()
{
    makeSmallCity();
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) { setFresh(e[m_north], {{0, 55}}); }));
    const QPointF north = m_map->entityPosition(m_north);
    QImage img = grab("fast");
    QVERIFY(countNear(img, north, 2, kFree) >= 5);
    const int builds = m_map->trafficLayer()->geometryBuilds();
    const int recolours = m_map->trafficLayer()->colourUpdates();

    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) { setFresh(e[m_north], {{0, 6}}); }, 2));
    img = grab("slow");
    QCOMPARE(countNear(img, north, 2, kFree), 0);
    QVERIFY(countNear(img, north, 2, kStopped) >= 5);
    QCOMPARE(m_map->trafficLayer()->geometryBuilds(), builds);
    QCOMPARE(m_map->trafficLayer()->colourUpdates(), recolours + 1);

    // A prediction shows instead of the live speeds, and the legend says so; back to live without one.
    std::vector<float> predicted(m_scenario->links.size(), 55.0f);
    const int northLink = m_map->trafficLayer()->linkOfEntity(m_north);
    predicted[static_cast<std::size_t>(northLink)] = 3.0f;
    m_data->setTrafficPrediction(30, predicted);
    img = grab("predicted");
    QVERIFY(countNear(img, north, 2, kStopped) >= 5);
    QVERIFY(m_map->trafficLayer()->legend()->title().contains(QStringLiteral("predicted in 30 min")));
    predicted[static_cast<std::size_t>(northLink)] = 55.0f;
    m_data->setTrafficPrediction(30, predicted);
    img = grab("predicted_fast");
    QVERIFY(countNear(img, north, 2, kFree) >= 5);
    m_data->setTrafficPrediction(0, {});
    QVERIFY(!m_map->trafficLayer()->legend()->title().contains(QStringLiteral("predicted")));

    // Car parks and service centres show their forecasts the same way: the kind's layer, its legend.
    std::vector<float> parking(m_scenario->city->size(), std::numeric_limits<float>::quiet_NaN());
    parking[static_cast<std::size_t>(m_parkA)] = 0.99f; // predicted full
    m_data->setSymbolPrediction(core::EntityKind::Parking, 60, parking);
    img = grab("parking_predicted");
    QVERIFY(countNear(img, m_map->entityPosition(m_parkA), 2, style::kParking[3].color) >= 20);
    QVERIFY(countNear(img, m_map->entityPosition(m_parkFull), 2, style::kParkingNoData.color) >= 20); // no forecast
    QVERIFY(m_map->parkingLayer()->legend()->title().contains(QStringLiteral("predicted in 60 min")));
    QVERIFY(!m_map->serviceLayer()->legend()->title().contains(QStringLiteral("predicted")));
    m_data->setSymbolPrediction(core::EntityKind::Parking, 0, {});
    QVERIFY(!m_map->parkingLayer()->legend()->title().contains(QStringLiteral("predicted")));

    // Stale: grey, and the tooltip says so.
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) {
        setFresh(e[m_north], {{0, 6}});
        e[m_north].freshness = core::Freshness::Stale;
    }, 3));
    img = grab("stale");
    QVERIFY(countNear(img, north, 2, style::kTrafficStale.color) >= 5);
    QVERIFY(m_map->describeEntity(m_north).contains(QLatin1String("stale")));

    // An incident on the link: a warning triangle (white) over it.
    auto snap = std::const_pointer_cast<core::CitySnapshot>(snapshotOf(*m_scenario, [&](auto &e) {
        setFresh(e[m_north], {{0, 6}});
    }, 4));
    snap->incidents.push_back({static_cast<std::uint32_t>(m_north), 1, 3, 1, 0});
    m_data->setSnapshot(snap);
    img = grab("incident");
    QVERIFY(countNear(img, north, 8, qRgb(255, 255, 255), 2) >= 30);
    QVERIFY(m_map->describeEntity(m_north).contains(QLatin1String("incident: crash")));
    QCOMPARE(m_map->trafficLayer()->geometryBuilds(), builds);
}

void TestCityMap::panningMovesTheCachedMapAndRedrawsOnlyPastItsMargin()
{
    makeSmallCity();
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) {
        setFresh(e[m_north], {{0, 55}});
        setFresh(e[m_parkA], {{0, 120}, {1, 400}});
    }));
    grab("before_pan");
    const int anchors = m_map->cacheAnchorChanges();
    // A pan inside the margin moves the cached picture: the road and the car park are drawn where they
    // now are, and the layers' view did not change (nothing was rendered again for the pan).
    m_map->panBy(37, -21);
    QImage img = grab("small_pan");
    QCOMPARE(m_map->cacheAnchorChanges(), anchors);
    QVERIFY(countNear(img, m_map->entityPosition(m_north), 2, kFree) >= 5);
    const QPointF park = m_map->entityPosition(m_parkA);
    QVERIFY(countNear(img, park, 2, style::kParking[0].color) >= 5);
    // Past the margin, and on a zoom, the cache is drawn again for the new view.
    m_map->panBy(CityMap::kCacheMarginPx + 40, 0);
    img = grab("large_pan");
    QCOMPARE(m_map->cacheAnchorChanges(), anchors + 1);
    QVERIFY(countNear(img, m_map->entityPosition(m_north), 2, kFree) >= 5);
    m_map->zoomAt(1.3, QPointF(m_map->width() / 2, m_map->height() / 2));
    img = grab("zoomed");
    QCOMPARE(m_map->cacheAnchorChanges(), anchors + 2);
    QVERIFY(countNear(img, m_map->entityPosition(m_north), 2, kFree) >= 5);
    // A snapshot renders the cache again without moving its anchor: the road turns red in place.
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) { setFresh(e[m_north], {{0, 6}}); }, 2));
    m_map->panBy(-15, 10);
    img = grab("pan_then_slow");
    QCOMPARE(m_map->cacheAnchorChanges(), anchors + 2);
    QVERIFY(countNear(img, m_map->entityPosition(m_north), 2, kStopped) >= 5);
    QCOMPARE(countNear(img, m_map->entityPosition(m_north), 2, kFree), 0);
}

void TestCityMap::directionsSeparateWhenZoomedIn()
{
    makeSmallCity();
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) {
        setFresh(e[m_east], {{0, 55}});  // free
        setFresh(e[m_west], {{0, 6}});   // stopped
    }));
    QImage img = grab("city");
    QVERIFY(!m_map->trafficLayer()->directionsShown());
    // On top of each other, both directions show the worse one.
    QVERIFY(countNear(img, m_map->entityPosition(m_east), 2, kStopped) >= 5);
    // Zoom on the road until both directions are drawn apart, each on its right-hand side.
    const QPointF mid = m_map->viewport()->lonLatToScreen(113.703, 34.752);
    while (!m_map->trafficLayer()->directionsShown())
        m_map->zoomAt(1.5, mid);
    m_map->zoomAt(1.5, mid);
    img = grab("zoomed");
    const QPointF east = m_map->entityPosition(m_east), west = m_map->entityPosition(m_west);
    QVERIFY2(east.y() > west.y() + 2, "eastbound traffic drives south of westbound traffic");
    // Away from the middle, where the arrows are.
    QVERIFY(countNear(img, east + QPointF(40, 0), 1, kFree) >= 4);
    QVERIFY(countNear(img, west + QPointF(40, 0), 1, kStopped) >= 4);
    QVERIFY2(countNear(img, east, 2, over(0xd0101010, kFree), 8) >= 3, "a direction arrow in the middle");
    QCOMPARE(m_map->entityAt(east), m_east);
    QCOMPARE(m_map->entityAt(west), m_west);
}

void TestCityMap::moreThan65535VerticesAllDraw()
{
    // 20,000 one-segment links (4 vertices each, 80,000 in all) laid out in a block in the middle; the last
    // four added sit far apart in the corners, so their vertices are the ones past 65,535.
    CityBuilder b;
    const int n = 20000;
    for (int i = 0; i < n - 4; ++i) {
        const double lon = 113.690 + (i % 200) * 0.0001, lat = 34.740 + (i / 200) * 0.0002;
        b.link("L" + std::to_string(i), {{lon, lat}, {lon + 0.00005, lat}}, 1);
    }
    const std::vector<core::GeoPoint> corners = {{113.602, 34.702}, {113.795, 34.702}, {113.602, 34.795}, {113.795, 34.795}};
    std::vector<int> last;
    for (std::size_t k = 0; k < corners.size(); ++k)
        last.push_back(b.link("C" + std::to_string(k), {corners[k], {corners[k].lon + 0.002, corners[k].lat}}, 3));
    m_scenario = b.done({113.600, 34.700, 113.800, 34.800});
    m_data->setScenario(m_scenario);
    m_map->setMapData(m_data.get());
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) {
        for (int entity : last)
            setFresh(e[entity], {{0, 5}});
    }));
    QVERIFY(m_map->trafficLayer()->vertexCount() > 65535);
    const QImage img = grab("many");
    for (int entity : last)
        QVERIFY2(countNear(img, m_map->entityPosition(entity), 2, kStopped) >= 5,
                 qPrintable(QStringLiteral("link %1 at %2,%3").arg(entity).arg(m_map->entityPosition(entity).x())
                                .arg(m_map->entityPosition(entity).y())));
    // And the block of no-data links is drawn too.
    QVERIFY(countNear(img, m_map->viewport()->lonLatToScreen(113.700, 34.750), 4, style::kTrafficNoData.color) > 10);
}

void TestCityMap::legendModels()
{
    makeSmallCity();
    const QList<ui::LegendModel *> legends = {m_map->trafficLayer()->legend(), m_map->floodLayer()->legend(),
                                               m_map->parkingLayer()->legend(), m_map->serviceLayer()->legend(),
                                               m_map->contextLayer()->legend()};
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
    for (auto *legend : legends)
        testers.push_back(std::make_unique<QAbstractItemModelTester>(
            legend, QAbstractItemModelTester::FailureReportingMode::QtTest));
    auto *flood = m_map->floodLayer()->legend();
    QCOMPARE(flood->count(), 3);
    QStringList labels;
    for (int r = 0; r < flood->rowCount(); ++r)
        labels << flood->index(r).data(ui::LegendModel::LabelRole).toString();
    QVERIFY(labels.contains(QStringLiteral("over 0.15 m: impassable for cars")));
    QVERIFY(labels.contains(QStringLiteral("over 0.3 m: dangerous")));
    QCOMPARE(m_map->trafficLayer()->legend()->count(), 8);
    QCOMPARE(m_map->trafficLayer()->legend()->index(0).data(ui::LegendModel::ColorRole).value<QColor>(),
             QColor::fromRgba(kFree));
    const auto roles = flood->roleNames();
    QVERIFY(roles.values().contains("label") && roles.values().contains("color") && roles.values().contains("shape"));

    QSignalSpy changed(flood, &QAbstractItemModel::dataChanged);
    m_map->setLanguage(QStringLiteral("zh"));
    QCOMPARE(changed.count(), 1);
    QVERIFY(flood->index(1).data(ui::LegendModel::LabelRole).toString().contains(QStringLiteral("车辆无法通行")));
    QCOMPARE(flood->title(), QStringLiteral("积水深度"));
    // A predicted field says so in the legend's title; the depths now do not.
    ui::FloodField predicted{10, 10, 113.680, 34.735, 0.001, std::vector<float>(100, 0.2f)};
    predicted.horizonMin = 60;
    m_data->setFloodField(predicted);
    m_data->flush();
    QCOMPARE(flood->title(), QStringLiteral("积水深度（预测 60 分钟后）"));
    m_map->setLanguage(QStringLiteral("en"));
    QCOMPARE(flood->title(), QStringLiteral("Water depth, predicted in 60 min"));
    predicted.horizonMin = 0;
    m_data->setFloodField(predicted);
    m_data->flush();
    QCOMPARE(flood->title(), QStringLiteral("Water depth"));
}

void TestCityMap::interaction()
{
    makeSmallCity();
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) {
        setFresh(e[m_parkA], {{0, 120}, {1, 400}});
        setFresh(e[m_north], {{0, 30}, {1, 900}});
    }));
    grab("start");
    const QPointF park = m_map->entityPosition(m_parkA);
    QCOMPARE(m_map->entityAt(park), m_parkA);
    const QString tip = m_map->describeAt(park);
    QVERIFY2(tip.contains(QLatin1String("Car park PA")) && tip.contains(QLatin1String("120 of 400")), qPrintable(tip));

    // Hover: the tooltip follows the pointer.
    QCOMPARE(m_map->entityAt(m_map->entityPosition(m_north)), m_north);
    const QPointF northPos = m_map->entityPosition(m_north);
    QMouseEvent move(QEvent::MouseMove, northPos, m_view->mapToGlobal(northPos), Qt::NoButton, Qt::NoButton, {});
    QCoreApplication::sendEvent(m_view.get(), &move);
    QTRY_COMPARE(m_map->hoverEntity(), m_north);
    QVERIFY2(m_map->hoverText().contains(QLatin1String("30 km/h of 60")), qPrintable(m_map->hoverText()));

    // Click selects; a click on empty map clears.
    QSignalSpy clicked(m_map, &CityMap::clicked);
    QSignalSpy clickedAt(m_map, &CityMap::clickedAt);
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, park.toPoint());
    // The place too (parking guidance picks trips by it): the car park's own position, within a pixel.
    QCOMPARE(clickedAt.count(), 1);
    const QPointF place = clickedAt.takeFirst().at(0).toPointF();
    const QPointF placePx = m_map->viewport()->lonLatToScreen(place.x(), place.y());
    QVERIFY2(QLineF(placePx, park.toPoint()).length() < 1.0, "the click's place maps back to where it was");
    QCOMPARE(m_map->selectedEntity(), m_parkA);
    QCOMPARE(m_map->selectedId(), QStringLiteral("PA"));
    QCOMPARE(m_map->selectedKind(), QStringLiteral("parking"));
    QVERIFY(m_map->selectedText().contains(QLatin1String("120 of 400")));
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, QPoint(790, 10));
    QCOMPARE(m_map->selectedEntity(), -1);
    QCOMPARE(clicked.count(), 2);

    // Drag pans by exactly the drag.
    const QPointF before = m_map->entityPosition(m_parkA);
    QTest::mousePress(m_view.get(), Qt::LeftButton, {}, QPoint(400, 300));
    for (int k = 1; k <= 5; ++k)
        QTest::mouseMove(m_view.get(), QPoint(400 + 10 * k, 300 + 6 * k));
    QTest::mouseRelease(m_view.get(), Qt::LeftButton, {}, QPoint(450, 330));
    const QPointF after = m_map->entityPosition(m_parkA);
    QVERIFY2(qAbs(after.x() - before.x() - 50) < 1.5 && qAbs(after.y() - before.y() - 30) < 1.5,
             qPrintable(QStringLiteral("%1,%2").arg(after.x() - before.x()).arg(after.y() - before.y())));

    // Wheel zooms at the pointer (the point under it stays put); keys zoom, pan and fit.
    const double scale = m_map->viewport()->scale();
    const QPointF anchor(300, 200);
    const QPointF world = m_map->viewport()->fromScreen(anchor);
    QWheelEvent wheel(anchor, m_view->mapToGlobal(anchor.toPoint()), {}, QPoint(0, 120), Qt::NoButton, {},
                      Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(m_view.get(), &wheel);
    QVERIFY(m_map->viewport()->scale() > scale * 1.2);
    const QPointF back = m_map->viewport()->toScreen(world);
    QVERIFY(qAbs(back.x() - anchor.x()) < 0.5 && qAbs(back.y() - anchor.y()) < 0.5);
    m_map->forceActiveFocus();
    const double zoomed = m_map->viewport()->scale();
    QTest::keyClick(m_view.get(), Qt::Key_Minus);
    QVERIFY(m_map->viewport()->scale() < zoomed);
    const QPointF centre = m_map->viewport()->center();
    QTest::keyClick(m_view.get(), Qt::Key_Right);
    QVERIFY(m_map->viewport()->center().x() > centre.x());
    QTest::keyClick(m_view.get(), Qt::Key_Home);
    m_map->fitAll();
    const double fit = m_map->viewport()->scale();
    QVERIFY(m_map->fitToDistrict(QStringLiteral("none")) == false);

    // Pinch: two fingers moving apart zoom in about their centre.
    auto *device = QTest::createTouchDevice();
    QTest::touchEvent(m_view.get(), device).press(0, QPoint(350, 300)).press(1, QPoint(450, 300));
    QTest::touchEvent(m_view.get(), device).move(0, QPoint(325, 300)).move(1, QPoint(475, 300));
    QTest::touchEvent(m_view.get(), device).move(0, QPoint(300, 300)).move(1, QPoint(500, 300));
    QTest::touchEvent(m_view.get(), device).release(0, QPoint(300, 300)).release(1, QPoint(500, 300));
    QVERIFY2(m_map->viewport()->scale() > fit * 1.8, qPrintable(QString::number(m_map->viewport()->scale() / fit)));
}

void TestCityMap::snapshotsAreCoalesced()
{
    makeSmallCity();
    m_data->setUpdateIntervalMs(40);
    QSignalSpy applied(m_data.get(), &MapData::snapshotApplied);
    for (int k = 0; k < 20; ++k)
        m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) { setFresh(e[m_north], {{0, 6.0 + k}}); },
                                       static_cast<std::uint64_t>(k + 1)));
    QCOMPARE(applied.count(), 0);
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(m_data->snapshot()->sequence, 20u);
    QTest::qWait(100);
    QCOMPARE(applied.count(), 1);
}

void TestCityMap::demoCity()
{
    // The demo city through the view the wall display and the workstation load.
    QVERIFY(m_data->loadScenario(QStringLiteral(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou")));
    m_scenario = m_data->scenario();
    m_view->setInitialProperties({{QStringLiteral("mapData"), QVariant::fromValue(m_data.get())}});
    m_view->setResizeMode(QQuickView::SizeRootObjectToView);
    m_view->setSource(QUrl(QStringLiteral("qrc:/qt-project.org/imports/CityOps/Map/CityMapView.qml")));
    QVERIFY2(m_view->status() == QQuickView::Ready, qPrintable(m_view->errors().value(0).toString()));
    auto *map = m_view->rootObject()->property("map").value<CityMap *>();
    QVERIFY(map);
    map->setLanguage(QStringLiteral("zh"));
    QCOMPARE(map->trafficLayer()->linkCount(), 3370);
    QCOMPARE(map->parkingLayer()->symbolCount(), 120);
    QCOMPARE(map->serviceLayer()->symbolCount(), 40);
    QCOMPARE(map->districtIds().size(), 8);
    m_data->setSnapshot(snapshotOf(*m_scenario, [&](auto &e) {
        for (const auto &l : m_scenario->links)
            setFresh(e[l.entity], {{0, 200}});
    }));
    const QImage img = grab("zhengzhou");
    QVERIFY(map->contextLayer()->reservedRect().isValid()); // names keep clear of the legend
    m_view->rootObject()->setProperty("legendVisible", false);
    const QImage bare = grab("zhengzhou_no_legend");
    const auto labelRects = map->contextLayer()->placedLabelRects();
    int drawn = 0, sampled = 0;
    for (std::size_t i = 0; i < m_scenario->links.size(); i += 37) {
        const QPointF p = map->trafficLayer()->linkScreenPosition(static_cast<int>(i));
        const int hit = map->entityAt(p);
        if (hit < 0 || m_scenario->city->entity(static_cast<std::uint32_t>(hit)).kind != core::EntityKind::Link)
            continue; // under a car park or a service centre
        if (std::any_of(labelRects.begin(), labelRects.end(), [&](const QVariant &r) { return r.toRectF().contains(p); }))
            continue; // under a name
        ++sampled;
        drawn += countNear(bare, p, 1, kFree) > 0;
    }
    QVERIFY(sampled > 40);
    QVERIFY2(drawn >= sampled * 95 / 100, qPrintable(QStringLiteral("%1 of %2").arg(drawn).arg(sampled)));
    // District names are placed and never overlap.
    const auto rects = map->contextLayer()->placedLabelRects();
    QVERIFY2(rects.size() >= 6, qPrintable(map->contextLayer()->placedLabelTexts().join(QLatin1Char(','))));
    for (int a = 0; a < rects.size(); ++a)
        for (int b = a + 1; b < rects.size(); ++b)
            QVERIFY(!rects[a].toRectF().intersects(rects[b].toRectF()));
    QVERIFY(map->contextLayer()->placedLabelTexts().contains(QStringLiteral("金水区")));
    QVERIFY(map->fitToDistrict(QStringLiteral("zhengdong")));
    grab("zhengdong");
}

QTEST_MAIN(TestCityMap)
#include "tst_citymap.moc"
