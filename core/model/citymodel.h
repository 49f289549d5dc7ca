// CityModel: the registry of every entity the engine knows (road links, signals, car parks, rain gauges,
// water-level stations, service centres) with the attributes validation and the models need.
//
// Threading: built once (by the scenario loader or a test) and then shared read-only by every thread as
// `std::shared_ptr<const CityModel>`; nothing in it changes after construction, so no locks are needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cityops::core {

/// The kinds of entity a feed can name. The order is part of the recording format: append only.
enum class EntityKind : std::uint8_t { Link, Signal, Parking, RainGauge, WaterStation, ServiceCenter };
inline constexpr int kEntityKindCount = 6;

std::string_view entityKindName(EntityKind kind);

/// One entity. Attributes that do not apply to a kind stay at their defaults.
struct Entity {
    std::string id;
    EntityKind kind = EntityKind::Link;
    std::string name;
    double lon = 0.0; ///< representative position, WGS84
    double lat = 0.0;
    // Links
    std::string fromNode, toNode;
    int lanes = 1;
    double speedLimitKmh = 50.0;
    double capacityVph = 1800.0;
    double lengthM = 100.0;
    // Signals
    int phaseCount = 4;
    // Parking (spaces), service centres (counters)
    int capacity = 0;
    // Water stations: the level (m) above which the station warns
    double warningLevelM = 0.0;
    /// How often this sensor reports, in seconds; silent for 3x longer means stale.
    double expectedIntervalS = 60.0;
    // Filled by the scenario loader (defaults elsewhere).
    std::string nameZh;          ///< Chinese name, where the scenario gives one
    std::string district;        ///< district id the representative position falls in, empty if none
    std::string category;        ///< links: road class; service centres: "admin_hall" or "hospital";
                                 ///< water stations: site ("underpass", "tunnel", "river", "lake", "pipe")
    bool underground = false;    ///< underground car park, or a link inside a road tunnel
    bool underpass = false;      ///< link dips below grade (flood prone)
    double groundElevationM = 0; ///< terrain height (m) at the position; lowest point along a link
};

/// Transparent hash so that lookups by string_view allocate nothing (the ingest hot path).
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

class CityModel {
public:
    /// Adds an entity and returns its index. Ids are unique per kind; a duplicate returns std::nullopt.
    std::optional<std::uint32_t> add(Entity entity);

    std::optional<std::uint32_t> find(EntityKind kind, std::string_view id) const;
    const Entity &entity(std::uint32_t index) const { return m_entities[index]; }
    const std::vector<Entity> &entities() const { return m_entities; }
    std::size_t size() const { return m_entities.size(); }
    std::size_t count(EntityKind kind) const;

    std::string name = "unnamed";
    std::string timeZone = "Asia/Shanghai";

private:
    std::vector<Entity> m_entities;
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> m_index[kEntityKindCount];
};

} // namespace cityops::core
