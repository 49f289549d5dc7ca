// bench_map: the city map's frame time under a live feed. A synthetic city of 50,000 links (3-point
// polylines on a grid), 2,000 facilities (1,500 car parks, 500 service centres) and a 200 x 200 flood
// raster in a 1920x1080 window; the view pans a pixel every frame so that no frame is skipped as unchanged.
// Two phases in the same run: the baseline with static colours, then snapshots (all links, facilities
// and the flood field recoloured) 4 times a second of the phase's clock. The map caches its layers in a
// texture (citymap.h, "Caching"): a panned frame draws that texture, a snapshot renders every layer again,
// so the live phase's p95 is the full render. Prints one JSON object; passes at >= 30 fps with >= 3.9
// snapshots a second applied.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" bench_map [--seconds S]
#include "citymap.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QQuickItem>
#include <QQuickView>
#include <QRandomGenerator>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>

Q_IMPORT_QML_PLUGIN(CityOps_MapPlugin)

using namespace cityops;

namespace {

int kLinks = 50000; // --links N measures smaller cities in the same way
constexpr int kParking = 1500, kServices = 500, kFloodSide = 200;

std::shared_ptr<const core::Scenario> makeCity()
{
    auto model = std::make_shared<core::CityModel>();
    auto scenario = std::make_shared<core::Scenario>();
    const double lon0 = 113.55, lat0 = 34.68, side = 0.28; // a ~26 km square
    const int nodes = std::max(3, static_cast<int>(std::ceil(std::sqrt(kLinks / 4.0))) + 1);
    const double step = side / (nodes - 1);
    int made = 0;
    auto add = [&](core::GeoPoint a, core::GeoPoint b, int lanes) {
        core::Entity e;
        e.id = "L" + std::to_string(made++);
        e.kind = core::EntityKind::Link;
        e.lanes = lanes;
        e.speedLimitKmh = lanes >= 3 ? 80 : 50;
        e.lon = a.lon;
        e.lat = a.lat;
        const auto index = *model->add(e);
        core::LinkGeometry g;
        g.entity = index;
        const core::GeoPoint mid{(a.lon + b.lon) / 2 + 0.0002, (a.lat + b.lat) / 2 + 0.0002};
        g.points = {a, mid, b};
        g.reverseLink = "pair";
        scenario->links.push_back(std::move(g));
    };
    for (int r = 0; r < nodes && made < kLinks; ++r)
        for (int c = 0; c + 1 < nodes && made < kLinks; ++c) {
            const core::GeoPoint a{lon0 + c * step, lat0 + r * step}, b{lon0 + (c + 1) * step, lat0 + r * step};
            const int lanes = r % 10 == 0 ? 3 : 1 + (r % 2);
            add(a, b, lanes);
            add(b, a, lanes);
            const core::GeoPoint d{lon0 + r * step, lat0 + c * step}, u{lon0 + r * step, lat0 + (c + 1) * step};
            add(d, u, lanes);
            if (made < kLinks)
                add(u, d, lanes);
        }
    QRandomGenerator rng(1);
    for (int k = 0; k < kParking + kServices; ++k) {
        core::Entity e;
        e.id = (k < kParking ? "P" : "S") + std::to_string(k);
        e.kind = k < kParking ? core::EntityKind::Parking : core::EntityKind::ServiceCenter;
        e.lon = lon0 + rng.generateDouble() * step * (nodes - 1);
        e.lat = lat0 + rng.generateDouble() * step * (nodes - 1);
        e.capacity = k < kParking ? 50 + static_cast<int>(rng.bounded(800)) : 4 + static_cast<int>(rng.bounded(30));
        model->add(e);
    }
    scenario->city = model;
    scenario->bounds = {lon0, lat0, lon0 + step * (nodes - 1), lat0 + step * (nodes - 1)};
    return scenario;
}

core::SnapshotPtr makeSnapshot(const core::Scenario &s, std::uint64_t seed)
{
    QRandomGenerator rng(static_cast<quint32>(seed));
    auto snap = std::make_shared<core::CitySnapshot>();
    snap->sequence = seed;
    snap->entities.resize(s.city->size());
    for (std::uint32_t i = 0; i < s.city->size(); ++i) {
        const auto &e = s.city->entity(i);
        auto &st = snap->entities[i];
        st.freshness = core::Freshness::Fresh;
        if (e.kind == core::EntityKind::Link) {
            st.values[0] = rng.generateDouble() * e.speedLimitKmh * 1.1;
            st.fieldMask = 1;
        } else if (e.kind == core::EntityKind::Parking) {
            st.values[0] = rng.bounded(e.capacity + 1);
            st.values[1] = e.capacity;
            st.fieldMask = 3;
        } else {
            st.values[0] = rng.bounded(200);
            st.values[3] = 1 + rng.bounded(e.capacity);
            st.fieldMask = 9;
        }
    }
    return snap;
}

ui::FloodField makeFlood(const core::Scenario &s, std::uint64_t seed)
{
    QRandomGenerator rng(static_cast<quint32>(seed));
    const double cell = (s.bounds.maxLon - s.bounds.minLon) / kFloodSide;
    ui::FloodField f{kFloodSide, kFloodSide, s.bounds.minLon, s.bounds.minLat, cell, {}};
    f.depths.resize(static_cast<std::size_t>(kFloodSide) * kFloodSide);
    for (auto &d : f.depths)
        d = static_cast<float>(rng.generateDouble() * 0.5);
    return f;
}

struct Phase {
    std::vector<double> frameMs;
    double seconds = 0;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    double seconds = 8;
    for (int i = 1; i + 1 < argc; ++i) {
        if (QByteArray(argv[i]) == "--seconds")
            seconds = QByteArray(argv[i + 1]).toDouble();
        if (QByteArray(argv[i]) == "--links")
            kLinks = QByteArray(argv[i + 1]).toInt();
    }

    const auto scenario = makeCity();
    std::vector<core::SnapshotPtr> snapshots;
    std::vector<ui::FloodField> floods;
    for (std::uint64_t k = 1; k <= 8; ++k) { // made in advance: the engine builds them, not the GUI
        snapshots.push_back(makeSnapshot(*scenario, k));
        floods.push_back(makeFlood(*scenario, k));
    }

    ui::MapData data;
    data.setScenario(scenario);
    data.setSnapshot(snapshots.front());
    data.flush();
    data.setFloodField(floods.front());

    QQuickView view;
    view.setInitialProperties({{QStringLiteral("mapData"), QVariant::fromValue(&data)}});
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.setSource(QUrl(QStringLiteral("qrc:/qt-project.org/imports/CityOps/Map/CityMapView.qml")));
    if (view.status() != QQuickView::Ready)
        return 1;
    view.resize(1920, 1080);
    auto *map = view.rootObject()->property("map").value<ui::CityMap *>();
    map->setInteractive(false);
    for (int i = 1; i + 1 < argc; ++i) {
        if (QByteArray(argv[i]) == "--hide") // profiling: --hide trafficVisible
            map->setProperty(argv[i + 1], false);
        if (QByteArray(argv[i]) == "--root-hide") // profiling: --root-hide legendVisible
            view.rootObject()->setProperty(argv[i + 1], false);
    }
    map->parkingLayer()->setPulse(false);
    map->serviceLayer()->setPulse(false);

    QString renderer;
    std::mutex rendererMutex;
    QObject::connect(&view, &QQuickWindow::beforeRendering, &view, [&] {
        std::lock_guard lock(rendererMutex);
        if (renderer.isEmpty())
            if (auto *ctx = QOpenGLContext::currentContext())
                renderer = QString::fromLatin1(reinterpret_cast<const char *>(ctx->functions()->glGetString(GL_RENDERER)));
    }, Qt::DirectConnection);

    // Every swap: record the interval and pan by a pixel (back and forth), so the next frame is a full one.
    Phase phases[2];
    int phase = -1; // -1 warm-up
    QElapsedTimer clock, frameClock;
    int direction = 1, panned = 0;
    std::size_t next = 0, applied = 0; // live phase: the next snapshot due (the first at its start), and how many were applied
    QObject::connect(&view, &QQuickWindow::frameSwapped, &app, [&] {
        if (phase >= 0 && frameClock.isValid())
            phases[phase].frameMs.push_back(static_cast<double>(frameClock.nsecsElapsed()) / 1e6);
        frameClock.start();
        if (++panned % 200 == 0)
            direction = -direction;
        map->panBy(direction, 0);
        // Live phase: a new snapshot and depth field every 250 ms of the phase's clock (a timer on the busy
        // GUI thread drifts late and would feed fewer), applied with the next frame like the engine's.
        if (phase == 1) {
            const auto due = static_cast<std::size_t>(clock.elapsed() / 250);
            if (due >= next) {
                data.setSnapshot(snapshots[due % snapshots.size()]);
                data.setFloodField(floods[due % floods.size()]);
                next = due + 1;
                ++applied;
            }
        }
    });
    auto startPhase = [&](int p) {
        phase = p;
        frameClock.invalidate();
        clock.start();
    };
    QTimer::singleShot(1500, &app, [&] { startPhase(0); });
    QTimer::singleShot(1500 + static_cast<int>(seconds * 1000), &app, [&] {
        phases[0].seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        startPhase(1);
    });
    QTimer::singleShot(1500 + static_cast<int>(2 * seconds * 1000), &app, [&] {
        phases[1].seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        app.quit();
    });
    view.show();
    app.exec();

    auto json = [](const Phase &p) {
        const double fps = p.seconds > 0 ? static_cast<double>(p.frameMs.size()) / p.seconds : 0;
        return QStringLiteral("{\"frames\": %1, \"fps\": %2, \"frame_ms_p50\": %3, \"frame_ms_p95\": %4}")
            .arg(p.frameMs.size())
            .arg(fps, 0, 'f', 1)
            .arg(percentile(p.frameMs, 0.5), 0, 'f', 2)
            .arg(percentile(p.frameMs, 0.95), 0, 'f', 2);
    };
    const double liveFps = phases[1].seconds > 0 ? static_cast<double>(phases[1].frameMs.size()) / phases[1].seconds : 0;
    const double feedRate = phases[1].seconds > 0 ? static_cast<double>(applied) / phases[1].seconds : 0;
    const bool passed = liveFps >= 30 && feedRate >= 3.9;
    const double p50Live = percentile(phases[1].frameMs, 0.5), p50Static = percentile(phases[0].frameMs, 0.5);
    std::lock_guard lock(rendererMutex);
    std::printf("{\"links\": %d, \"facilities\": %d, \"flood_cells\": %d, \"vertices\": %d, \"window\": \"1920x1080\", "
                "\"renderer\": \"%s\", \"snapshots_per_s\": %.2f, \"seconds_per_phase\": %.1f, \"snapshots_applied\": %zu, "
                "\"live\": %s, \"static_baseline\": %s, \"p50_ratio_live_to_static\": %.2f, \"fps\": %.1f, "
                "\"floor_fps\": 30, \"passed\": %s}\n",
                map->trafficLayer()->linkCount(), map->parkingLayer()->symbolCount() + map->serviceLayer()->symbolCount(),
                kFloodSide * kFloodSide, map->trafficLayer()->vertexCount(), qPrintable(renderer),
                feedRate, seconds, applied,
                qPrintable(json(phases[1])), qPrintable(json(phases[0])), p50Static > 0 ? p50Live / p50Static : 0.0,
                liveFps, passed ? "true" : "false");
    return passed ? 0 : 2;
}
