#include "store/schema.h"

#include "model/citymodel.h"

#include <boost/json.hpp>

#include <filesystem>

namespace cityops::core {

namespace {

// migrations[k] takes a file from version k to k+1. Append only; never edit a released step.
constexpr const char *kMigrations[] = {
    // 0 -> 1
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE entities(idx INTEGER PRIMARY KEY, kind INTEGER NOT NULL, id TEXT NOT NULL, name TEXT);"
    "CREATE TABLE chunks(id INTEGER PRIMARY KEY, entity INTEGER NOT NULL, measurement INTEGER NOT NULL,"
    "                    t0 INTEGER NOT NULL, t1 INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE INDEX chunks_by_entity ON chunks(entity, t1);"
    "CREATE INDEX chunks_by_time ON chunks(t0);"
    "CREATE TABLE events(id INTEGER PRIMARY KEY, t INTEGER NOT NULL, kind TEXT NOT NULL, entity INTEGER,"
    "                    severity INTEGER, actor TEXT, payload TEXT);"
    "CREATE INDEX events_by_time ON events(t);",
    // 1 -> 2: `snapshots` holds one row per alarm-grid time (every engine minute): the hash of the engine
    // state, the readings that arrived in the minute before it, the stale sensors, and every few minutes
    // the serialized state itself (NULL otherwise), from which a seek starts.
    "CREATE TABLE snapshots(t INTEGER PRIMARY KEY, hash INTEGER NOT NULL, readings INTEGER NOT NULL DEFAULT 0,"
    "                       stale INTEGER NOT NULL DEFAULT 0, state BLOB);"
    "CREATE TABLE bookmarks(id INTEGER PRIMARY KEY, t INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '',"
    "                       author TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX bookmarks_by_time ON bookmarks(t);"
    "ALTER TABLE entities ADD COLUMN attrs TEXT;",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

// Every attribute of an entity as JSON (doubles round-trip exactly through Boost.JSON).
std::string entityAttributes(const Entity &e)
{
    boost::json::object o;
    o["lon"] = e.lon;
    o["lat"] = e.lat;
    o["from"] = e.fromNode;
    o["to"] = e.toNode;
    o["lanes"] = e.lanes;
    o["speed_limit_kmh"] = e.speedLimitKmh;
    o["capacity_vph"] = e.capacityVph;
    o["length_m"] = e.lengthM;
    o["phases"] = e.phaseCount;
    o["capacity"] = e.capacity;
    o["warning_level_m"] = e.warningLevelM;
    o["interval_s"] = e.expectedIntervalS;
    o["name_zh"] = e.nameZh;
    o["district"] = e.district;
    o["category"] = e.category;
    o["underground"] = e.underground;
    o["underpass"] = e.underpass;
    o["ground_m"] = e.groundElevationM;
    return boost::json::serialize(o);
}

bool parseAttributes(const std::string &text, Entity &e)
{
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_object())
        return false;
    const auto &o = v.get_object();
    auto num = [&](const char *key, double fallback) {
        const auto *p = o.if_contains(key);
        return p && p->is_number() ? p->to_number<double>() : fallback;
    };
    auto str = [&](const char *key) {
        const auto *p = o.if_contains(key);
        return p && p->is_string() ? std::string(p->get_string()) : std::string();
    };
    auto flag = [&](const char *key) {
        const auto *p = o.if_contains(key);
        return p && p->is_bool() && p->get_bool();
    };
    e.lon = num("lon", 0);
    e.lat = num("lat", 0);
    e.fromNode = str("from");
    e.toNode = str("to");
    e.lanes = static_cast<int>(num("lanes", 1));
    e.speedLimitKmh = num("speed_limit_kmh", 50);
    e.capacityVph = num("capacity_vph", 1800);
    e.lengthM = num("length_m", 100);
    e.phaseCount = static_cast<int>(num("phases", 4));
    e.capacity = static_cast<int>(num("capacity", 0));
    e.warningLevelM = num("warning_level_m", 0);
    e.expectedIntervalS = num("interval_s", 60);
    e.nameZh = str("name_zh");
    e.district = str("district");
    e.category = str("category");
    e.underground = flag("underground");
    e.underpass = flag("underpass");
    e.groundElevationM = num("ground_m", 0);
    return true;
}

} // namespace

std::shared_ptr<const CityModel> readEntities(sql::Database &db, std::string &error)
{
    auto model = std::make_shared<CityModel>();
    sql::Statement q;
    if (!q.prepare(db, "SELECT idx, kind, id, name, attrs FROM entities ORDER BY idx")) {
        error = "the recording has no entity table: " + db.errorMessage();
        return nullptr;
    }
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        const auto kind = q.int64(1);
        if (q.int64(0) != static_cast<std::int64_t>(model->size()) || kind < 0 || kind >= kEntityKindCount) {
            error = "the recording is damaged: its entity table is not a dense list of known kinds";
            return nullptr;
        }
        Entity e;
        e.kind = static_cast<EntityKind>(kind);
        e.id = q.text(2);
        e.name = q.text(3);
        if (q.isNull(4) || !parseAttributes(q.text(4), e)) {
            error = "the recording does not hold its entities' attributes (recorded before schema 2); replay it with its scenario";
            return nullptr;
        }
        if (!model->add(std::move(e))) {
            error = "the recording is damaged: entity ids repeat";
            return nullptr;
        }
    }
    if (rc != SQLITE_DONE) {
        error = "cannot read the recording's entities: " + db.errorMessage();
        return nullptr;
    }
    sql::Statement meta;
    if (meta.prepare(db, "SELECT key, value FROM meta WHERE key IN ('scenario', 'time_zone')"))
        while (meta.step() == SQLITE_ROW)
            (meta.text(0) == "scenario" ? model->name : model->timeZone) = meta.text(1);
    return model;
}

bool openRecording(sql::Database &db, const std::string &path, OpenMode mode, std::string &error)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (mode != OpenMode::Create && !fs::exists(path, ec)) {
        error = "recording '" + path + "' does not exist";
        return false;
    }
    if (!db.open(path, mode == OpenMode::Create, mode == OpenMode::ReadOnly, error))
        return false;

    // The first read of the header tells a damaged or foreign file apart.
    std::int64_t appId = 0;
    {
        sql::Statement probe;
        if (!probe.prepare(db, "PRAGMA application_id") || probe.step() != SQLITE_ROW) {
            error = "'" + path + "' is not a CityOps recording, or it is damaged: " + db.errorMessage();
            db.close();
            return false;
        }
        appId = probe.int64(0);
    }
    const std::int64_t tables = db.scalar("SELECT count(*) FROM sqlite_master", -1);
    if (tables < 0) {
        error = "'" + path + "' is damaged: " + db.errorMessage();
        db.close();
        return false;
    }
    if (tables > 0 && appId != kApplicationId) {
        error = "'" + path + "' is an SQLite file but not a CityOps recording";
        db.close();
        return false;
    }
    const auto version = static_cast<int>(db.scalar("PRAGMA user_version", 0));
    if (version > kSchemaVersion) {
        error = "'" + path + "' was written by a newer CityOps (recording schema " + std::to_string(version) +
                "); this build reads up to schema " + std::to_string(kSchemaVersion);
        db.close();
        return false;
    }
    if (tables == 0 && mode != OpenMode::Create) {
        error = "'" + path + "' is empty: it holds no recording";
        db.close();
        return false;
    }

    if (mode != OpenMode::ReadOnly) {
        if (!db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", error))
            return false;
        if (version < kSchemaVersion) {
            if (!db.exec("BEGIN IMMEDIATE", error))
                return false;
            for (int v = version; v < kSchemaVersion; ++v) {
                if (!db.exec(kMigrations[v], error)) {
                    std::string ignored;
                    db.exec("ROLLBACK", ignored);
                    error = "cannot migrate '" + path + "' to schema " + std::to_string(v + 1) + ": " + error;
                    return false;
                }
            }
            const std::string stamp = "PRAGMA application_id=" + std::to_string(kApplicationId) +
                                      "; PRAGMA user_version=" + std::to_string(kSchemaVersion) + "; COMMIT;";
            if (!db.exec(stamp, error))
                return false;
        }
    } else if (version < kSchemaVersion) {
        error = "'" + path + "' uses recording schema " + std::to_string(version) +
                "; open it once read-write to migrate it";
        db.close();
        return false;
    }
    // A generous page cache keeps the history indexes in memory during long recordings.
    std::string ignored;
    db.exec("PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;", ignored);
    return true;
}

bool writeEntities(sql::Database &db, const CityModel &model, std::string &error)
{
    sql::Statement insert;
    if (!insert.prepare(db, "INSERT OR REPLACE INTO entities(idx, kind, id, name, attrs) VALUES(?,?,?,?,?)")) {
        error = db.errorMessage();
        return false;
    }
    if (!db.exec("BEGIN", error))
        return false;
    for (std::size_t k = 0; k < model.size(); ++k) {
        const Entity &e = model.entity(static_cast<std::uint32_t>(k));
        insert.bind(1, static_cast<std::int64_t>(k));
        insert.bind(2, static_cast<std::int64_t>(e.kind));
        insert.bind(3, std::string_view(e.id));
        insert.bind(4, std::string_view(e.name));
        insert.bind(5, std::string_view(entityAttributes(e)));
        if (insert.step() != SQLITE_DONE) {
            error = db.errorMessage();
            std::string ignored;
            db.exec("ROLLBACK", ignored);
            return false;
        }
        insert.reset();
    }
    sql::Statement meta;
    if (meta.prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('scenario', ?)")) {
        meta.bind(1, std::string_view(model.name));
        meta.step();
    }
    sql::Statement zone;
    if (zone.prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('time_zone', ?)")) {
        zone.bind(1, std::string_view(model.timeZone));
        zone.step();
    }
    return db.exec("COMMIT", error);
}

} // namespace cityops::core
