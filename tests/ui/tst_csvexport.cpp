// CSV export against the recording it came from: a real recording (Recorder, SQLite file) of random
// readings with gaps in their fields; the export of a selection over a time range, parsed back, must equal
// RecordingReader::readings() for the same selection and range, value for value. Also the things
// spreadsheets need: a UTF-8 byte-order mark, a header, ISO 8601 UTC times, quoted names.
#include "csvexport.h"

#include "feed/feedschema.h"
#include "model/syntheticcity.h"
#include "store/recorder.h"
#include "store/recordingreader.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace cityops;

namespace {

// RFC 4180 fields of one line.
QStringList splitCsv(const QString &line)
{
    QStringList out;
    QString cur;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                cur += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            out << cur;
            cur.clear();
        } else {
            cur += c;
        }
    }
    out << cur;
    return out;
}

} // namespace

class TestCsvExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripEqualsTheQuery()
    {
        QTemporaryDir dir;
        auto city = core::makeSyntheticCity({40, 6, 6, 4, 4, 4});
        const std::string recording = dir.filePath(QStringLiteral("r.cityops")).toStdString();
        std::string error;
        auto recorder = core::Recorder::create(recording, *city, {}, error);
        QVERIFY2(recorder, error.c_str());

        // Two hours of random readings every minute for every entity, some fields missing.
        QRandomGenerator rng(7);
        const std::int64_t t0 = 1'780'000'000LL * 1'000'000'000LL;
        const std::int64_t minute = 60'000'000'000LL;
        std::vector<core::Reading> batch;
        for (int m = 0; m < 120; ++m) {
            for (std::uint32_t e = 0; e < city->size(); ++e) {
                const core::EntityKind kind = city->entity(e).kind;
                for (int k = 0; k < core::kMeasurementCount; ++k) {
                    const auto &spec = core::measurementSpec(static_cast<core::Measurement>(k));
                    if (spec.entityKind != kind || spec.measurement == core::Measurement::Incident)
                        continue;
                    core::Reading r;
                    r.timeNs = t0 + m * minute + static_cast<std::int64_t>(rng.bounded(59'000)) * 1'000'000LL;
                    r.entity = e;
                    r.measurement = spec.measurement;
                    for (int f = 0; f < spec.fieldCount; ++f) {
                        if (f > 0 && rng.bounded(5) == 0)
                            continue;
                        r.fieldMask |= static_cast<std::uint8_t>(1u << f);
                        r.values[f] = spec.fields[f].integer ? static_cast<double>(rng.bounded(500))
                                                             : rng.generateDouble() * 100.0;
                    }
                    batch.push_back(r);
                    break;
                }
            }
        }
        recorder->append(batch);
        recorder->flush();

        // A selection of one of each kind, over a window inside the recording.
        std::vector<std::uint32_t> selection;
        for (int k = 0; k < core::kEntityKindCount; ++k)
            for (std::uint32_t e = 0; e < city->size(); ++e)
                if (static_cast<int>(city->entity(e).kind) == k) {
                    selection.push_back(e);
                    break;
                }
        const std::int64_t from = t0 + 17 * minute, to = t0 + 93 * minute;
        const QString csvPath = dir.filePath(QStringLiteral("out.csv"));
        const auto result = ui::exportCsv(QString::fromStdString(recording), *city, selection, from, to, csvPath);
        QVERIFY2(result.ok, qPrintable(result.error));

        QFile file(csvPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        QStringList lines = QString::fromUtf8(bytes.mid(3)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList header = splitCsv(lines.takeFirst());
        QCOMPARE(header.mid(0, 5), QStringList({"time_utc", "entity_id", "kind", "name", "measurement"}));
        QCOMPARE(static_cast<std::uint64_t>(lines.size()), result.rows);

        // The same query through the reader.
        auto reader = core::RecordingReader::open(recording, error);
        QVERIFY2(reader, error.c_str());
        qsizetype line = 0;
        std::uint64_t expectedRows = 0;
        for (std::uint32_t e : selection) {
            const core::Entity &entity = city->entity(e);
            std::optional<core::Measurement> m;
            for (int k = 0; k < core::kMeasurementCount && !m; ++k)
                if (const auto &spec = core::measurementSpec(static_cast<core::Measurement>(k));
                    spec.entityKind == entity.kind && spec.measurement != core::Measurement::Incident)
                    m = spec.measurement;
            if (!m)
                continue;
            const auto &spec = core::measurementSpec(*m);
            std::vector<core::Reading> expected;
            QVERIFY(reader->readings(e, *m, from, to, expected, error));
            QVERIFY(!expected.empty());
            expectedRows += expected.size();
            for (const core::Reading &r : expected) {
                QVERIFY(line < lines.size());
                const QStringList cells = splitCsv(lines[line++]);
                QCOMPARE(cells.size(), header.size());
                const QDateTime t = QDateTime::fromString(cells[0], Qt::ISODateWithMs);
                QCOMPARE(t.timeSpec(), Qt::UTC);
                QCOMPARE(t.toMSecsSinceEpoch(), r.timeNs / 1'000'000);
                QCOMPARE(cells[1], QString::fromStdString(entity.id));
                QCOMPARE(cells[3], QString::fromStdString(entity.name));
                for (int f = 0; f < spec.fieldCount; ++f) {
                    const qsizetype col = header.indexOf(QString::fromUtf8(spec.fields[f].name.data(),
                                                                           static_cast<qsizetype>(spec.fields[f].name.size())));
                    QVERIFY(col >= 5);
                    if ((r.fieldMask >> f) & 1u)
                        QCOMPARE(cells[col].toDouble(), r.values[f]);
                    else
                        QVERIFY(cells[col].isEmpty());
                }
            }
        }
        QCOMPARE(result.rows, expectedRows);
        QCOMPARE(line, lines.size());
    }

    void missingRecordingIsAnError()
    {
        QTemporaryDir dir;
        const auto city = core::makeSyntheticCity({4, 1, 1, 1, 1, 1});
        const auto result = ui::exportCsv(dir.filePath(QStringLiteral("nope.cityops")), *city, {0}, 0, 1,
                                          dir.filePath(QStringLiteral("x.csv")));
        QVERIFY(!result.ok);
        QVERIFY(!result.error.isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.csv"))));
    }
};

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
