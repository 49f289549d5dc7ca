// The recording file's schema: creation, version check and migrations. Every file CityOps writes
// carries `PRAGMA application_id` (so a foreign SQLite file is told apart) and `PRAGMA user_version`.
#pragma once

#include "store/sqlite.h"

#include <memory>
#include <string>

namespace cityops::core {

class CityModel;

/// 1: entities, chunks, events, meta. 2: state snapshots and per-minute state hashes (fast seeking,
/// replay verification), bookmarks, and the entities' attributes (a recording replays without its scenario).
inline constexpr int kSchemaVersion = 2;
inline constexpr int kApplicationId = 0x43594F50; // "CYOP"

enum class OpenMode { Create, ReadWrite, ReadOnly };

/// Opens a recording. Create makes a new file (or takes over an empty one) and migrates an older one.
/// Errors are sentences a user can act on: not a recording, damaged, written by a newer CityOps.
bool openRecording(sql::Database &db, const std::string &path, OpenMode mode, std::string &error);

/// Writes the entity table of `model` (idempotent: the entity's index is its primary key), with every
/// attribute the engine's rules read, and the model's name and time zone in `meta`.
bool writeEntities(sql::Database &db, const CityModel &model, std::string &error);

/// Rebuilds the city model a recording was made with (schema 2: from the entities' attributes).
/// nullptr and `error` if the file has no attributes (a schema 1 file migrated later).
std::shared_ptr<const CityModel> readEntities(sql::Database &db, std::string &error);

} // namespace cityops::core
