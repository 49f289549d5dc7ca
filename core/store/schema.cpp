#include "store/schema.h"

#include "model/citymodel.h"

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
};
static_assert(std::size(kMigrations) == kSchemaVersion);

} // namespace

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
    if (!insert.prepare(db, "INSERT OR REPLACE INTO entities(idx, kind, id, name) VALUES(?,?,?,?)")) {
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
    return db.exec("COMMIT", error);
}

} // namespace cityops::core
