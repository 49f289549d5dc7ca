#include "display.h"

#include "feed/feedschema.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace cityops::ui {

using core::EntityKind;
using core::Freshness;
using core::RejectReason;

QString Display::kind(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Link: return tr("Road link");
    case EntityKind::Signal: return tr("Signal");
    case EntityKind::Parking: return tr("Car park");
    case EntityKind::RainGauge: return tr("Rain gauge");
    case EntityKind::WaterStation: return tr("Water level");
    case EntityKind::ServiceCenter: return tr("Service centre");
    }
    return QString::fromUtf8(core::entityKindName(kind));
}

QString Display::entityName(const core::Entity &entity)
{
    if (!entity.nameZh.empty() && QLocale().language() == QLocale::Chinese)
        return QString::fromStdString(entity.nameZh);
    return QString::fromStdString(entity.name);
}

QString Display::freshness(Freshness freshness)
{
    switch (freshness) {
    case Freshness::NoData: return tr("no data");
    case Freshness::Fresh: return tr("fresh");
    case Freshness::Stale: return tr("stale");
    }
    return {};
}

QString Display::rejectReason(RejectReason reason)
{
    switch (reason) {
    case RejectReason::Syntax: return tr("syntax error");
    case RejectReason::BadEncoding: return tr("bad encoding");
    case RejectReason::TooLong: return tr("line too long");
    case RejectReason::TooManyTokens: return tr("too many tags or fields");
    case RejectReason::WrongType: return tr("wrong value type");
    case RejectReason::Overflow: return tr("number out of range");
    case RejectReason::NotFinite: return tr("not a finite number");
    case RejectReason::UnknownMeasurement: return tr("unknown measurement");
    case RejectReason::MissingTag: return tr("missing entity tag");
    case RejectReason::UnknownEntity: return tr("unknown entity");
    case RejectReason::UnknownField: return tr("unknown field");
    case RejectReason::MissingField: return tr("no known field");
    case RejectReason::ImpossibleValue: return tr("impossible value");
    case RejectReason::TimeInFuture: return tr("time in the future");
    case RejectReason::TimeTooOld: return tr("time too old");
    case RejectReason::Dropped: return tr("dropped (recorder full)");
    }
    return QString::fromUtf8(core::rejectReasonName(reason));
}

QString Display::fieldLabel(std::string_view field)
{
    if (field == "speed_kmh") return tr("speed");
    if (field == "flow_vph") return tr("flow");
    if (field == "occupancy") return tr("occupancy");
    if (field == "phase") return tr("phase");
    if (field == "cycle_s") return tr("cycle");
    if (field == "occupied") return tr("occupied");
    if (field == "capacity") return tr("capacity");
    if (field == "rate_mmph") return tr("rain");
    if (field == "level_m") return tr("level");
    if (field == "waiting") return tr("waiting");
    if (field == "arrivals") return tr("arrivals");
    if (field == "served") return tr("served");
    if (field == "counters_open") return tr("counters open");
    if (field == "severity") return tr("severity");
    if (field == "lanes_blocked") return tr("lanes blocked");
    return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size()));
}

QString Display::fieldUnit(std::string_view field)
{
    // The unit is the suffix of the wire name (see the feed schema); occupancy is a 0..1 ratio.
    auto endsWith = [&](std::string_view suffix) {
        return field.size() > suffix.size() && field.substr(field.size() - suffix.size()) == suffix;
    };
    if (endsWith("_kmh")) return tr("km/h");
    if (endsWith("_vph")) return tr("veh/h");
    if (endsWith("_mmph")) return tr("mm/h");
    if (endsWith("_s")) return tr("s", "unit: seconds");
    if (endsWith("_m")) return tr("m", "unit: metres");
    if (field == "occupancy") return QStringLiteral("%");
    return {};
}

QString Display::values(EntityKind kind, const core::EntityState &state)
{
    if (state.fieldMask == 0)
        return {};
    const auto measurement = core::measurementOfKind(kind);
    if (!measurement)
        return {};
    const core::MeasurementSpec *spec = &core::measurementSpec(*measurement);
    const QLocale locale;
    QStringList parts;
    for (int f = 0; f < spec->fieldCount; ++f) {
        if (!state.has(f))
            continue;
        const core::FieldSpec &field = spec->fields[static_cast<std::size_t>(f)];
        double value = state.values[f];
        QString number;
        const QString unit = fieldUnit(field.name);
        // Precision by what the quantity is: whole vehicles per hour, water levels to the centimetre.
        const std::string_view name = field.name;
        if (unit == QLatin1String("%"))
            number = locale.toString(value * 100.0, 'f', 0);
        else if (field.integer || name.ends_with("_vph") || name.ends_with("_s"))
            number = locale.toString(static_cast<qlonglong>(std::llround(value)));
        else if (name.ends_with("_m"))
            number = locale.toString(value, 'f', 2);
        else
            number = locale.toString(value, 'f', 1);
        const QString withUnit = unit.isEmpty() ? number
                                 : unit == QLatin1String("%") ? number + unit
                                                              : number + QLatin1Char(' ') + unit;
        parts << fieldLabel(field.name) + QLatin1Char(' ') + withUnit;
    }
    return parts.join(QStringLiteral(" · "));
}

QString Display::age(std::int64_t ns)
{
    const std::int64_t s = std::max<std::int64_t>(0, ns / 1'000'000'000);
    if (s < 60)
        return tr("%1 s", "age in seconds").arg(s);
    if (s < 3600)
        return tr("%1 min", "age in minutes").arg(s / 60);
    if (s < 86400)
        return tr("%1 h %2 min", "age in hours and minutes").arg(s / 3600).arg((s % 3600) / 60);
    return tr("%1 d", "age in days").arg(s / 86400);
}

QString Display::speed(double speed)
{
    return tr("%1x", "simulation speed, times real time").arg(QLocale().toString(speed, 'g', 4));
}

QString Display::rainScenario(core::RainScenario rain)
{
    switch (rain) {
    case core::RainScenario::None: return tr("No rain");
    case core::RainScenario::Light: return tr("Light rain");
    case core::RainScenario::Heavy: return tr("Heavy storm");
    case core::RainScenario::Extreme: return tr("Extreme storm (like 20 July 2021)");
    }
    return QString::fromUtf8(core::rainScenarioName(rain));
}

QString Display::sourceName(const std::string &name)
{
    if (name == "simulator")
        return tr("simulator", "the in-process city simulator as a feed source");
    return QString::fromStdString(name);
}

QString Display::count(std::uint64_t n)
{
    return QLocale().toString(static_cast<qulonglong>(n));
}

QString Display::bytes(std::uint64_t n)
{
    return QLocale().formattedDataSize(static_cast<qint64>(n), 1, QLocale::DataSizeTraditionalFormat);
}

QString Display::time(std::int64_t ns, const QTimeZone &zone)
{
    if (ns <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, zone).toString(QStringLiteral("HH:mm:ss"));
}

QString Display::dateTime(std::int64_t ns, const QTimeZone &zone)
{
    if (ns <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QTimeZone Display::cityZone(const core::CityModel &model)
{
    QTimeZone zone(QByteArray::fromStdString(model.timeZone));
    return zone.isValid() ? zone : QTimeZone::systemTimeZone();
}

qint64 Display::chartMs(std::int64_t ns, const QTimeZone &zone)
{
    const qint64 ms = ns / 1'000'000;
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    return ms + 1000LL * (zone.offsetFromUtc(utc) - QDateTime::fromMSecsSinceEpoch(ms).offsetFromUtc());
}

} // namespace cityops::ui
