// A manual harness: the demo city at 1920x1080 with every layer, a made-up but plausible snapshot (rush
// hour jams, a few incidents, stale and silent sensors, full car parks, long queues) and a synthetic flood
// in the lowest parts of the terrain, rendered through CityMapView.qml and saved as a PNG.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" citymap_shot OUT.png [zh|en] [district-id]
#include "citymap.h"

#include "model/scenarioloader.h"

#include <QGuiApplication>
#include <QQuickItem>
#include <QQuickView>
#include <QRandomGenerator>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(CityOps_MapPlugin)

using namespace cityops;

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("/tmp/citymap.png");
    const QString language = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral("zh");
    const QString district = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString();

    ui::MapData data;
    data.setUpdateIntervalMs(0);
    if (!data.loadScenario(QStringLiteral(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou"))) {
        std::fprintf(stderr, "%s\n", qPrintable(data.lastError()));
        return 1;
    }
    const auto scenario = data.scenario();
    QRandomGenerator rng(7);

    // Traffic: slower towards the old centre and on the ring roads, a few jams, stale and silent sensors.
    auto snap = std::make_shared<core::CitySnapshot>();
    snap->entities.resize(scenario->city->size());
    const double lon0 = 113.66, lat0 = 34.755;
    for (const auto &l : scenario->links) {
        const auto &e = scenario->city->entity(l.entity);
        auto &s = snap->entities[l.entity];
        const double r = rng.generateDouble();
        if (r < 0.02)
            continue; // never reported
        const double d = std::hypot((e.lon - lon0) * 0.82, e.lat - lat0) / 0.08;
        double ratio = std::clamp(0.25 + 0.75 * d + 0.25 * (rng.generateDouble() - 0.5), 0.05, 1.1);
        if (e.lanes >= 3 && rng.generateDouble() < 0.3)
            ratio *= 0.45;
        s.values[0] = ratio * e.speedLimitKmh;
        s.values[1] = 300.0 * e.lanes;
        s.values[2] = 0.3;
        s.fieldMask = 0b111;
        s.freshness = r < 0.05 ? core::Freshness::Stale : core::Freshness::Fresh;
    }
    for (int k = 0; k < 6; ++k) {
        const auto &l = scenario->links[rng.bounded(static_cast<quint32>(scenario->links.size()))];
        snap->incidents.push_back({l.entity, static_cast<std::uint8_t>(1 + k % 3), 2 + k % 3, 1, 0});
    }
    for (std::uint32_t i = 0; i < scenario->city->size(); ++i) {
        const auto &e = scenario->city->entity(i);
        auto &s = snap->entities[i];
        if (e.kind == core::EntityKind::Parking) {
            const double occ = std::min(1.0, 0.35 + 0.7 * rng.generateDouble());
            s.values[0] = std::round(occ * e.capacity);
            s.values[1] = e.capacity;
            s.fieldMask = 0b11;
            s.freshness = core::Freshness::Fresh;
        } else if (e.kind == core::EntityKind::ServiceCenter) {
            const double open = std::max(1.0, std::round(e.capacity * (0.4 + 0.5 * rng.generateDouble())));
            s.values[0] = std::round(open * 14 * std::pow(rng.generateDouble(), 1.5));
            s.values[3] = open;
            s.fieldMask = 0b1001;
            s.freshness = core::Freshness::Fresh;
        }
    }
    data.setSnapshot(snap);

    // Flood: water pooled in the lowest tenth of the terrain, deepest in its lowest cells.
    const auto &t = scenario->terrain;
    std::vector<double> sorted(t.values());
    std::sort(sorted.begin(), sorted.end());
    const double low = sorted[sorted.size() / 10], lowest = sorted[sorted.size() / 200];
    ui::FloodField flood{t.cols(), t.rows(), t.xllCorner(), t.yllCorner(), t.cellSize(), {}};
    flood.depths.reserve(t.values().size());
    for (double z : t.values())
        flood.depths.push_back(z < low ? static_cast<float>(0.04 + 0.5 * (low - z) / std::max(0.01, low - lowest)) : 0.0f);
    data.setFloodField(std::move(flood));
    data.flush();

    QQuickView view;
    view.setInitialProperties({{QStringLiteral("mapData"), QVariant::fromValue(&data)},
                               {QStringLiteral("legendFontPixelSize"), 20}});
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.setSource(QUrl(QStringLiteral("qrc:/qt-project.org/imports/CityOps/Map/CityMapView.qml")));
    if (view.status() != QQuickView::Ready) {
        for (const auto &e : view.errors())
            std::fprintf(stderr, "%s\n", qPrintable(e.toString()));
        return 1;
    }
    view.resize(1920, 1080);
    view.show();
    auto *map = view.rootObject()->property("map").value<ui::CityMap *>();
    map->setLanguage(language);
    map->setInteractive(false); // a wall display: no hover tooltip under a parked pointer
    QTimer::singleShot(500, [&] {
        if (!district.isEmpty())
            map->fitToDistrict(district);
        const QImage img = view.grabWindow();
        const bool ok = img.save(out);
        std::printf("%s %dx%d, %d links, %d wet cells, %d placed names\n", ok ? "saved" : "FAILED", img.width(),
                    img.height(), map->trafficLayer()->linkCount(), map->floodLayer()->wetCells(),
                    map->contextLayer()->placedLabelCount());
        app.exit(ok ? 0 : 1);
    });
    return app.exec();
}
