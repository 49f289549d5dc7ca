// The recording file's schema: creation, version check and migrations. Every file CityOps writes
// carries `PRAGMA application_id` (so a foreign SQLite file is told apart) and `PRAGMA user_version`.
#pragma once

#include "store/sqlite.h"

#include <string>

namespace cityops::core {

class CityModel;

inline constexpr int kSchemaVersion = 1;
inline constexpr int kApplicationId = 0x43594F50; // "CYOP"

enum class OpenMode { Create, ReadWrite, ReadOnly };

/// Opens a recording. Create makes a new file (or takes over an empty one) and migrates an older one.
/// Errors are sentences a user can act on: not a recording, damaged, written by a newer CityOps.
bool openRecording(sql::Database &db, const std::string &path, OpenMode mode, std::string &error);

/// Writes the entity table of `model` (idempotent: the entity's index is its primary key).
bool writeEntities(sql::Database &db, const CityModel &model, std::string &error);

} // namespace cityops::core
