// Display: how engine values read in the UI (entity kinds, freshness, reject reasons, readings with their
// units from the feed schema, ages and engine times), translated. Stateless; GUI thread (uses QLocale).
#pragma once

#include "feed/lineprotocol.h"
#include "model/citymodel.h"
#include "sim/rainfall.h"
#include "state/snapshot.h"

#include <QCoreApplication>
#include <QString>
#include <QTimeZone>

#include <cstdint>

namespace cityops::ui {

class Display {
    Q_DECLARE_TR_FUNCTIONS(cityops::ui::Display)

public:
    static QString kind(core::EntityKind kind);
    /// The entity's name in the interface language (its Chinese name under zh, where the city has one).
    static QString entityName(const core::Entity &entity);
    static QString freshness(core::Freshness freshness);
    static QString rejectReason(core::RejectReason reason);
    /// A field of the wire format ("speed_kmh") as a label ("speed") and its unit ("km/h").
    static QString fieldLabel(std::string_view field);
    static QString fieldUnit(std::string_view field);
    /// The latest values of an entity, e.g. "speed 42.5 km/h · flow 1,200 veh/h · occupancy 31%".
    static QString values(core::EntityKind kind, const core::EntityState &state);
    /// A duration given in ns, rounded for reading at a glance: "12 s", "4 min", "2 h 5 min".
    static QString age(std::int64_t ns);
    static QString count(std::uint64_t n);
    static QString bytes(std::uint64_t n);
    /// Engine time in the city's time zone.
    static QString time(std::int64_t ns, const QTimeZone &zone);
    static QString dateTime(std::int64_t ns, const QTimeZone &zone);
    /// A simulation speed: "60x", "0.5x".
    static QString speed(double speed);
    /// A rain scenario of the simulator: "Heavy storm".
    static QString rainScenario(core::RainScenario rain);
    /// A feed source's name for the Sources view: the in-process simulator's is translated, the others
    /// ("tcp 127.0.0.1") are shown as the engine names them.
    static QString sourceName(const std::string &name);
    /// Engine time as the ms a QDateTimeAxis should get so that it reads the city's clock: the axis shows
    /// the machine's local time, so the difference between the two zones is added.
    static qint64 chartMs(std::int64_t ns, const QTimeZone &zone);
    /// The city's time zone if Qt knows it, else the system's.
    static QTimeZone cityZone(const core::CityModel &model);
};

} // namespace cityops::ui
