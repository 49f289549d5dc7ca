#include "csvexport.h"

#include "feed/feedschema.h"
#include "store/recordingreader.h"

#include <QDateTime>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>
#include <QTimeZone>

#include <algorithm>

#include <map>

namespace cityops::ui {

namespace {

QString quoted(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    QString out = s;
    out.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

} // namespace

CsvExportResult exportCsv(const QString &recordingPath, const core::CityModel &model,
                          const std::vector<std::uint32_t> &entities, std::int64_t t0Ns, std::int64_t t1Ns,
                          const QString &csvPath, const std::atomic<bool> *cancel,
                          const std::function<void(int, int)> &progress)
{
    CsvExportResult result;
    std::string error;
    auto reader = core::RecordingReader::open(recordingPath.toStdString(), error);
    if (!reader) {
        result.error = QString::fromStdString(error);
        return result;
    }
    // One column per field name across the selection, in schema order.
    std::vector<std::string_view> columns;
    for (std::uint32_t e : entities) {
        if (e >= model.size())
            continue;
        if (auto m = core::measurementOfKind(model.entity(e).kind)) {
            const auto &spec = core::measurementSpec(*m);
            for (int f = 0; f < spec.fieldCount; ++f)
                if (std::find(columns.begin(), columns.end(), spec.fields[f].name) == columns.end())
                    columns.push_back(spec.fields[f].name);
        }
    }
    QSaveFile file(csvPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        result.error = file.errorString();
        return result;
    }
    QTextStream out(&file);
    out.setEncoding(QStringConverter::Utf8);
    out.setGenerateByteOrderMark(true);
    out << "time_utc,entity_id,kind,name,measurement";
    for (auto c : columns)
        out << ',' << QString::fromUtf8(c.data(), static_cast<qsizetype>(c.size()));
    out << '\n';
    std::vector<core::Reading> readings;
    int done = 0;
    for (std::uint32_t e : entities) {
        if (cancel && *cancel) {
            result.error = QObject::tr("Cancelled.");
            file.cancelWriting();
            return result;
        }
        if (e >= model.size())
            continue;
        const core::Entity &entity = model.entity(e);
        const auto m = core::measurementOfKind(entity.kind);
        if (!m)
            continue;
        const auto &spec = core::measurementSpec(*m);
        readings.clear();
        if (!reader->readings(e, *m, t0Ns, t1Ns, readings, error)) {
            result.error = QString::fromStdString(error);
            file.cancelWriting();
            return result;
        }
        const QString prefix = QStringLiteral(",%1,%2,%3,%4")
                                   .arg(quoted(QString::fromStdString(entity.id)),
                                        QString::fromUtf8(spec.entityTag.data(), static_cast<qsizetype>(spec.entityTag.size())),
                                        quoted(QString::fromStdString(entity.name)),
                                        QString::fromUtf8(spec.name.data(), static_cast<qsizetype>(spec.name.size())));
        for (const core::Reading &r : readings) {
            out << QDateTime::fromMSecsSinceEpoch(r.timeNs / 1'000'000, QTimeZone::utc()).toString(Qt::ISODateWithMs) << prefix;
            for (auto c : columns) {
                out << ',';
                for (int f = 0; f < spec.fieldCount; ++f)
                    if (spec.fields[f].name == c && ((r.fieldMask >> f) & 1u))
                        out << QString::number(r.values[f], 'g', 17);
            }
            out << '\n';
            ++result.rows;
        }
        if (progress)
            progress(++done, static_cast<int>(entities.size()));
    }
    out.flush();
    if (!file.commit()) {
        result.error = file.errorString();
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace cityops::ui
