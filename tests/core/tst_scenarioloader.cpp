// Scenario folders: the committed Zhengzhou scenario loads cleanly and is what the generator makes, generation
// is deterministic, a broken copy reports every problem with its file and feature id, and
// `cityops-cli scenario validate --json` prints the documented shape.
#include "model/asciigrid.h"
#include "model/scenariogenerator.h"
#include "model/scenarioloader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace cityops::core;
namespace fs = std::filesystem;

namespace {

const fs::path kCommitted = fs::path(CITYOPS_SOURCE_DIR) / "resources/scenarios/zhengzhou";

std::string readFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFile(const fs::path &path, const std::string &content)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
}

std::map<std::string, std::string> folderContents(const fs::path &folder)
{
    std::map<std::string, std::string> out;
    for (const auto &entry : fs::directory_iterator(folder))
        if (entry.is_regular_file())
            out[entry.path().filename().string()] = readFile(entry.path());
    return out;
}

QString problemsText(const std::vector<ScenarioProblem> &problems)
{
    QStringList lines;
    for (const auto &p : problems)
        lines << QString::fromStdString(formatProblem(p));
    return lines.join(QLatin1Char('\n'));
}

QJsonDocument readJson(const fs::path &path)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(readFile(path)));
}

void writeJson(const fs::path &path, const QJsonDocument &doc)
{
    writeFile(path, doc.toJson(QJsonDocument::Compact).toStdString());
}

/// Applies `edit` to the properties (and geometry) of feature `index` of a GeoJSON file; returns its id.
template<class Edit>
QString editFeature(const fs::path &path, int index, Edit edit)
{
    QJsonDocument doc = readJson(path);
    QJsonObject root = doc.object();
    QJsonArray features = root.value(QStringLiteral("features")).toArray();
    QJsonObject feature = features.at(index).toObject();
    const QString id = feature.value(QStringLiteral("properties")).toObject().value(QStringLiteral("id")).toString();
    edit(feature);
    features.replace(index, feature);
    root.insert(QStringLiteral("features"), features);
    writeJson(path, QJsonDocument(root));
    return id;
}

QJsonObject runCli(const QStringList &arguments, int &exitCode, QByteArray *raw = nullptr)
{
    QProcess cli;
    cli.start(QStringLiteral(CITYOPS_CLI), arguments);
    if (!cli.waitForFinished(60000)) {
        exitCode = -1;
        return {};
    }
    exitCode = cli.exitCode();
    const QByteArray output = cli.readAllStandardOutput();
    if (raw)
        *raw = output;
    return QJsonDocument::fromJson(output).object();
}

} // namespace

class TstScenarioLoader : public QObject {
    Q_OBJECT

private slots:
    void committedScenarioLoads();
    void committedScenarioIsWhatTheGeneratorMakes();
    void generationIsDeterministic();
    void brokenCopyReportsEveryProblem();
    void missingFolderAndFiles();
    void cliValidateJson();
    void asciiGridReadsAndReportsProblems();
};

void TstScenarioLoader::committedScenarioLoads()
{
    const auto result = loadScenario(kCommitted);
    QVERIFY2(result.ok(), qPrintable(problemsText(result.problems)));
    const Scenario &s = *result.scenario;
    const CityModel &city = *s.city;
    QCOMPARE(s.crs, std::string("EPSG:4326"));
    QCOMPARE(s.timeZone, std::string("Asia/Shanghai"));
    QVERIFY(s.note.find("ynthetic") != std::string::npos);

    QVERIFY(city.count(EntityKind::Link) >= 3000);
    QVERIFY(city.count(EntityKind::Signal) >= 250);
    QVERIFY(city.count(EntityKind::Parking) >= 120);
    QVERIFY(city.count(EntityKind::ServiceCenter) >= 40);
    QVERIFY(city.count(EntityKind::RainGauge) >= 30);
    QVERIFY(city.count(EntityKind::WaterStation) >= 60);
    QCOMPARE(s.links.size(), city.count(EntityKind::Link));

    // Two-way roads: every link has its reverse.
    std::size_t tunnels = 0, underpasses = 0, underground = 0, hospitals = 0, halls = 0;
    for (const Entity &e : city.entities()) {
        QCOMPARE(e.expectedIntervalS, 60.0);
        QVERIFY2(!e.district.empty(), e.id.c_str());
        if (e.kind == EntityKind::Link) {
            QVERIFY(e.lanes > 0 && e.capacityVph > 0 && e.speedLimitKmh > 0 && e.lengthM > 0);
            const LinkGeometry *g = s.linkGeometry(e.id);
            QVERIFY(g);
            QVERIFY(s.linkGeometry(g->reverseLink));
            tunnels += g->tunnel;
            if (g->underpass) {
                ++underpasses;
                // An underpass dips: its lowest ground is well below the ground at both of its nodes.
                const auto *from = s.intersection(e.fromNode);
                const auto *to = s.intersection(e.toNode);
                const double ends = std::min(*s.terrain.sample(from->position.lon, from->position.lat),
                                             *s.terrain.sample(to->position.lon, to->position.lat));
                QVERIFY2(e.groundElevationM < ends - 2.0, e.id.c_str());
            }
        }
        if (e.kind == EntityKind::Parking)
            underground += e.underground;
        if (e.kind == EntityKind::ServiceCenter) {
            hospitals += e.category == "hospital";
            halls += e.category == "admin_hall";
        }
        if (e.kind == EntityKind::WaterStation)
            QVERIFY(e.warningLevelM > 0);
        if (e.kind == EntityKind::Signal) {
            const Intersection *node = s.intersection(e.id);
            QVERIFY(node && node->signalized);
            QCOMPARE(e.phaseCount, static_cast<int>(node->phases.size()));
            QVERIFY(e.phaseCount >= 2);
            for (const SignalPhase &phase : node->phases) {
                QVERIFY(phase.minGreenS > 0 && phase.maxGreenS >= phase.minGreenS && phase.amberS > 0 && phase.allRedS >= 0);
                QVERIFY(!phase.movements.empty());
            }
        }
    }
    QCOMPARE(tunnels, std::size_t(2)); // one tunnel, both directions
    QVERIFY(underpasses >= 4);
    QVERIFY(underground > 0 && underground < city.count(EntityKind::Parking));
    QVERIFY(hospitals > 0 && halls > 0);

    // The real districts, with their names in both languages.
    std::map<std::string, std::string> names;
    for (const District &d : s.districts)
        names[d.nameZh] = d.nameEn;
    QCOMPARE(names["中原区"], std::string("Zhongyuan District"));
    QCOMPARE(names["二七区"], std::string("Erqi District"));
    QCOMPARE(names["管城回族区"], std::string("Guancheng Hui District"));
    QCOMPARE(names["金水区"], std::string("Jinshui District"));
    QCOMPARE(names["惠济区"], std::string("Huiji District"));
    QCOMPARE(names["郑东新区"], std::string("Zhengdong New District"));
    QVERIFY(std::any_of(s.waterBodies.begin(), s.waterBodies.end(), [](const WaterBody &w) { return w.kind == "lake"; }));
    QVERIFY(!s.inlets.empty());

    // Rasters: one geometry, cells of 50 m or less, terrain falling from the south-west to the north-east.
    QVERIFY(s.terrain.sameGeometry(s.imperviousness) && s.terrain.sameGeometry(s.drainageCapacity));
    const GeoPoint corner{s.terrain.xllCorner(), s.terrain.yllCorner()};
    QVERIFY(distanceM(corner, {corner.lon, corner.lat + s.terrain.cellSize()}) <= 50.0);
    QVERIFY(distanceM(corner, {corner.lon + s.terrain.cellSize(), corner.lat}) <= 50.0);
    const auto southWest = s.terrain.sample(s.bounds.minLon + 0.01, s.bounds.minLat + 0.01);
    const auto northEast = s.terrain.sample(s.bounds.maxLon - 0.01, s.bounds.maxLat - 0.01);
    QVERIFY(southWest && northEast && *southWest > *northEast + 10);

    std::uintmax_t bytes = 0;
    for (const auto &entry : fs::directory_iterator(kCommitted))
        bytes += entry.file_size();
    QVERIFY2(bytes < 8u * 1024 * 1024, qPrintable(QString::number(bytes)));
}

void TstScenarioLoader::committedScenarioIsWhatTheGeneratorMakes()
{
    std::string error;
    const auto files = generateScenario("zhengzhou", 1, error);
    QVERIFY2(files, error.c_str());
    const auto committed = folderContents(kCommitted);
    QCOMPARE(committed.size(), files->size());
    for (const ScenarioFile &f : *files) {
        auto it = committed.find(f.name);
        QVERIFY2(it != committed.end(), f.name.c_str());
        // If this fails, regenerate: cityops-cli scenario generate --preset zhengzhou --seed 1 --out resources/scenarios/zhengzhou
        QVERIFY2(it->second == f.content, f.name.c_str());
    }
}

void TstScenarioLoader::generationIsDeterministic()
{
    QTemporaryDir a, b, c;
    QVERIFY(a.isValid() && b.isValid() && c.isValid());
    // Once through the CLI, once through the library: the same bytes.
    int exitCode = 0;
    const QJsonObject out = runCli({"scenario", "generate", "--preset", "zhengzhou", "--seed", "7", "--out", a.path(), "--json"}, exitCode);
    QCOMPARE(exitCode, 0);
    QVERIFY(out.value("ok").toBool());
    std::string error;
    const auto same = generateScenario("zhengzhou", 7, error);
    QVERIFY(same && writeScenarioFiles(b.path().toStdString(), *same, error));
    const auto other = generateScenario("zhengzhou", 8, error);
    QVERIFY(other && writeScenarioFiles(c.path().toStdString(), *other, error));

    const auto first = folderContents(a.path().toStdString());
    const auto second = folderContents(b.path().toStdString());
    const auto third = folderContents(c.path().toStdString());
    QCOMPARE(first.size(), std::size_t(16));
    QVERIFY(first == second);
    for (const char *name : {"roads.geojson", "intersections.geojson", "sensors.geojson", "parking.geojson", "services.geojson",
                             "drainage_inlets.geojson", "water.geojson", "terrain.asc", "imperviousness.asc",
                             "drainage_capacity.asc", "scenario.json"})
        QVERIFY2(first.at(name) != third.at(name), name);
    // A different city, but as valid as the first.
    const auto result = loadScenario(c.path().toStdString());
    QVERIFY2(result.ok(), qPrintable(problemsText(result.problems)));
}

void TstScenarioLoader::brokenCopyReportsEveryProblem()
{
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const fs::path dir = fs::path(temp.path().toStdString()) / "broken";
    fs::copy(kCommitted, dir, fs::copy_options::recursive);
    const auto good = loadScenario(dir);
    QVERIFY(good.ok());

    struct Expected {
        std::string file, id, reason;
    };
    std::vector<Expected> expected;
    auto props = [](QJsonObject &feature, const char *key, const QJsonValue &value) {
        QJsonObject p = feature.value("properties").toObject();
        p.insert(QLatin1String(key), value);
        feature.insert("properties", p);
    };

    // roads: a duplicate id, a dangling from-node, negative lanes, a non-numeric coordinate.
    const fs::path roads = dir / "roads.geojson";
    const QString firstId = editFeature(roads, 0, [](QJsonObject &) {});
    editFeature(roads, 1, [&](QJsonObject &f) { props(f, "id", firstId); });
    expected.push_back({"roads.geojson", firstId.toStdString(), "duplicate id"});
    const QString dangling = editFeature(roads, 10, [&](QJsonObject &f) { props(f, "from", "J9999"); });
    expected.push_back({"roads.geojson", dangling.toStdString(), "from node 'J9999' does not exist"});
    const QString negative = editFeature(roads, 20, [&](QJsonObject &f) { props(f, "lanes", -2); });
    expected.push_back({"roads.geojson", negative.toStdString(), "lanes must be"});
    const QString zeroCapacity = editFeature(roads, 30, [&](QJsonObject &f) { props(f, "capacity_vph", 0); });
    expected.push_back({"roads.geojson", zeroCapacity.toStdString(), "'capacity_vph' must be positive"});

    // intersections: a phase that names a link leaving the intersection instead of entering it.
    QJsonArray nodes = readJson(dir / "intersections.geojson").object().value("features").toArray();
    int signalIndex = -1;
    for (int k = 0; k < nodes.size() && signalIndex < 0; ++k)
        if (nodes.at(k).toObject().value("properties").toObject().value("signalized").toBool())
            signalIndex = k;
    QVERIFY(signalIndex >= 0);
    const std::string signalId = nodes.at(signalIndex).toObject().value("properties").toObject().value("id").toString().toStdString();
    const std::string leaving = good.scenario->intersection(signalId)->outgoing.front();
    editFeature(dir / "intersections.geojson", signalIndex, [&](QJsonObject &f) {
        QJsonObject p = f.value("properties").toObject();
        QJsonArray phases = p.value("phases").toArray();
        QJsonObject phase = phases.at(0).toObject();
        QJsonArray links = phase.value("links").toArray();
        links.replace(0, QString::fromStdString(leaving));
        phase.insert("links", links);
        phases.replace(0, phase);
        p.insert("phases", phases);
        f.insert("properties", p);
    });
    expected.push_back({"intersections.geojson", signalId, "names link '" + leaving + "', which does not enter this intersection"});

    // parking: a coordinate that is a string; sensors: a station outside the bounds, one without its warning level.
    const QString badCoordinate = editFeature(dir / "parking.geojson", 4, [](QJsonObject &f) {
        QJsonObject g = f.value("geometry").toObject();
        QJsonArray c = g.value("coordinates").toArray();
        c.replace(0, QStringLiteral("113.6"));
        g.insert("coordinates", c);
        f.insert("geometry", g);
    });
    expected.push_back({"parking.geojson", badCoordinate.toStdString(), "is not a pair of numbers"});
    const QString outside = editFeature(dir / "sensors.geojson", 2, [](QJsonObject &f) {
        QJsonObject g = f.value("geometry").toObject();
        g.insert("coordinates", QJsonArray{120.0, 30.0});
        f.insert("geometry", g);
    });
    expected.push_back({"sensors.geojson", outside.toStdString(), "outside the scenario bounds"});
    const QString noWarning = editFeature(dir / "sensors.geojson", 40, [](QJsonObject &f) {
        QJsonObject p = f.value("properties").toObject();
        p.remove("warning_level_m");
        f.insert("properties", p);
    });
    expected.push_back({"sensors.geojson", noWarning.toStdString(), "missing required property 'warning_level_m'"});
    // services: no counters.
    const QString noCounters = editFeature(dir / "services.geojson", 3, [](QJsonObject &f) {
        QJsonObject p = f.value("properties").toObject();
        p.remove("counters");
        f.insert("properties", p);
    });
    expected.push_back({"services.geojson", noCounters.toStdString(), "missing required property 'counters'"});

    // grids: a bad header, a missing row, a NaN.
    std::string terrain = readFile(dir / "terrain.asc");
    terrain.replace(0, terrain.find('\n'), "ncols abc");
    writeFile(dir / "terrain.asc", terrain);
    expected.push_back({"terrain.asc", "ncols", "is not a number"});
    std::string imperviousness = readFile(dir / "imperviousness.asc");
    imperviousness.erase(imperviousness.rfind('\n', imperviousness.size() - 2) + 1);
    writeFile(dir / "imperviousness.asc", imperviousness);
    expected.push_back({"imperviousness.asc", "", "grid size mismatch"});
    std::string drainage = readFile(dir / "drainage_capacity.asc");
    const auto firstRow = drainage.find("NODATA_value");
    const auto valueStart = drainage.find('\n', firstRow) + 1;
    drainage.replace(valueStart, drainage.find(' ', valueStart) - valueStart, "nan");
    writeFile(dir / "drainage_capacity.asc", drainage);
    expected.push_back({"drainage_capacity.asc", "row 1 col 1", "not a finite number"});

    const auto result = loadScenario(dir);
    QVERIFY(!result.ok());
    const QString all = problemsText(result.problems);
    for (const Expected &e : expected) {
        const bool found = std::any_of(result.problems.begin(), result.problems.end(), [&](const ScenarioProblem &p) {
            return p.file == e.file && p.id == e.id && p.reason.find(e.reason) != std::string::npos;
        });
        QVERIFY2(found, qPrintable(QString::fromStdString(e.file + ": " + e.id + ": " + e.reason) + "\nnot among:\n" + all));
    }
    // Every problem is attributed to a file; the rest of the city still loads.
    for (const ScenarioProblem &p : result.problems)
        QVERIFY2(!p.file.empty() && !p.reason.empty(), qPrintable(QString::fromStdString(formatProblem(p))));
    QVERIFY(result.scenario->city->count(EntityKind::Link) > 3000 - 10);

    // The CLI says the same and fails.
    int exitCode = 0;
    const QJsonObject out = runCli({"scenario", "validate", QString::fromStdString(dir.string()), "--json"}, exitCode);
    QCOMPARE(exitCode, 1);
    QCOMPARE(out.value("ok").toBool(true), false);
    QCOMPARE(out.value("problems").toArray().size(), static_cast<qsizetype>(result.problems.size()));
    const QJsonObject firstProblem = out.value("problems").toArray().first().toObject();
    QVERIFY(firstProblem.contains("file") && firstProblem.contains("id") && firstProblem.contains("reason"));
}

void TstScenarioLoader::missingFolderAndFiles()
{
    QVERIFY(!loadScenario("/nonexistent/scenario").ok());

    QTemporaryDir temp;
    const fs::path dir = temp.path().toStdString();
    fs::copy(kCommitted / "scenario.json", dir / "scenario.json");
    fs::copy(kCommitted / "roads.geojson", dir / "roads.geojson");
    const auto result = loadScenario(dir);
    QVERIFY(!result.ok());
    QVERIFY(result.scenario);
    // Each missing file is named; the roads cannot resolve their nodes without the intersections file.
    const auto has = [&](const std::string &id, const std::string &reason) {
        return std::any_of(result.problems.begin(), result.problems.end(), [&](const ScenarioProblem &p) {
            return p.id == id && p.reason.find(reason) != std::string::npos;
        });
    };
    QVERIFY(has("files.intersections", "does not exist"));
    QVERIFY(has("files.terrain", "does not exist"));
    QVERIFY(has("L00001", "from node"));

    // Invalid JSON is reported with its position.
    writeFile(dir / "scenario.json", "{\"name\": \"x\",\n  \"crs\": }");
    const auto broken = loadScenario(dir);
    QCOMPARE(broken.problems.size(), std::size_t(1));
    QCOMPARE(broken.problems[0].file, std::string("scenario.json"));
    QVERIFY(broken.problems[0].reason.find("line 2") != std::string::npos);
}

void TstScenarioLoader::cliValidateJson()
{
    int exitCode = 0;
    QByteArray raw;
    const QJsonObject out = runCli({"scenario", "validate", QString::fromStdString(kCommitted.string()), "--json"}, exitCode, &raw);
    QCOMPARE(exitCode, 0);
    // One JSON object on one line, in the documented order.
    QVERIFY2(raw.startsWith("{\"ok\":true,\"counts\":{\"links\":"), raw.left(200).constData());
    QVERIFY(raw.endsWith("\"problems\":[]}\n"));
    QCOMPARE(out.keys(), (QStringList{"counts", "ok", "problems"}));
    QVERIFY(out.value("ok").toBool());
    QVERIFY(out.value("problems").isArray() && out.value("problems").toArray().isEmpty());
    const QJsonObject counts = out.value("counts").toObject();
    QCOMPARE(counts.keys(), (QStringList{"links", "parking", "rain_gauges", "services", "signals", "water_stations"}));
    const auto result = loadScenario(kCommitted);
    QCOMPARE(counts.value("links").toInteger(), static_cast<qint64>(result.scenario->city->count(EntityKind::Link)));
    QVERIFY(counts.value("links").toInteger() >= 3000);
    QVERIFY(counts.value("signals").toInteger() >= 250);
    QVERIFY(counts.value("parking").toInteger() >= 120);
    QVERIFY(counts.value("services").toInteger() >= 40);
    QVERIFY(counts.value("rain_gauges").toInteger() >= 30);
    QVERIFY(counts.value("water_stations").toInteger() >= 60);
}

void TstScenarioLoader::asciiGridReadsAndReportsProblems()
{
    std::vector<AsciiGrid::Problem> problems;
    auto grid = AsciiGrid::parse("NCOLS 3\nnrows 2\nxllcenter 10.5\nyllcenter 20.5\ncellsize 1\n"
                                 "1 2 3\n4 5 6\n",
                                 problems);
    QVERIFY(grid && problems.empty());
    QCOMPARE(grid->xllCorner(), 10.0);
    QCOMPARE(grid->at(0, 0), 1.0); // the first row is the northernmost
    QCOMPARE(*grid->sample(10.5, 20.5), 4.0);
    QCOMPARE(*grid->sample(12.5, 21.5), 3.0);
    QVERIFY(!grid->sample(9.9, 20.5));
    QCOMPARE(grid->toText(1), std::string("ncols 3\nnrows 2\nxllcorner 10.000000\nyllcorner 20.000000\ncellsize 1.00000000\n"
                                          "NODATA_value -9999\n1.0 2.0 3.0\n4.0 5.0 6.0\n"));

    problems.clear();
    grid = AsciiGrid::parse("ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize -1\n1 2 3\n", problems);
    QVERIFY(!grid);
    QCOMPARE(problems.size(), std::size_t(1));
    QCOMPARE(problems[0].where, std::string("cellsize"));

    problems.clear();
    grid = AsciiGrid::parse("ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 x 3\n4 inf\n", problems);
    QVERIFY(grid);
    QStringList text;
    for (const auto &p : problems)
        text << QString::fromStdString(p.where + ": " + p.reason);
    QCOMPARE(text, (QStringList{"row 1 col 2: value 'x' is not a number", "row 2: has 2 values, expected 3",
                                "row 2 col 2: value 'inf' is not a finite number",
                                ": grid size mismatch: header says 3 x 2 = 6 values, file has 5 values in 2 rows"}));
}

QTEST_MAIN(TstScenarioLoader)
#include "tst_scenarioloader.moc"
