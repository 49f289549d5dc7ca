// CsvExport: the recorded readings of a selection of entities over a time range, as CSV that spreadsheets
// and pandas open as they are: UTF-8 with a BOM (so Excel reads the Chinese names), a header row, ISO 8601
// UTC times with milliseconds, one row per reading, a column per field of the measurement with its unit in
// the header ("speed_kmh"), empty cells for fields a reading did not carry, RFC 4180 quoting.
//
// Threading: exportCsv() is blocking and meant for a worker thread; `cancel` is polled per entity.
#pragma once

#include "model/citymodel.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace cityops::ui {

struct CsvExportResult {
    bool ok = false;
    std::uint64_t rows = 0;
    QString error;
};

/// Writes the readings of `entities` in [t0Ns, t1Ns] from the recording at `recordingPath` to `csvPath`.
CsvExportResult exportCsv(const QString &recordingPath, const core::CityModel &model,
                          const std::vector<std::uint32_t> &entities, std::int64_t t0Ns, std::int64_t t1Ns,
                          const QString &csvPath, const std::atomic<bool> *cancel = nullptr,
                          const std::function<void(int done, int total)> &progress = {});

} // namespace cityops::ui
