// Car-park occupancy history on a fixed time grid, built from raw counter readings (the UCI Birmingham
// CSV, a recording, or simulated readings), with the bad rows counted rather than silently used.
//
// Readings arrive at irregular times (Birmingham: every ~30 min, anywhere from :55 to :34). Each valid
// reading is snapped to the nearest slot of a `stepMin` grid in local time, so "now" and "now + 60 min" are
// the same slots on every day and the profile by time of day lines up. When two readings of a facility
// fall into one slot, the one nearer the slot time is kept and the other is counted as a snap collision.
//
// Rows that are not used, each counted by reason: unparseable (malformed), capacity <= 0, negative
// occupancy, occupancy above capacity (a counter error: it is not clamped, since the true value is
// unknown), and exact duplicates of an already seen (facility, timestamp) pair among the valid rows.
//
// Threading: plain values and pure functions.
#pragma once

#include <cmath>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace cityops::core {

/// One raw counter reading. `localSeconds`: local civil time as seconds since 1970-01-01 00:00 (no zone).
struct ParkingRecord {
    std::string facility;
    double capacity = 0;
    double occupancy = 0;
    std::int64_t localSeconds = 0;
};

/// What happened to the input rows. rows = malformed + badCapacity + negative + overCapacity + duplicates
/// + snapCollisions + used.
struct ParkingCleaning {
    std::int64_t rows = 0;
    std::int64_t malformed = 0;
    std::int64_t badCapacity = 0;
    std::int64_t negative = 0;
    std::int64_t overCapacity = 0;
    std::int64_t duplicates = 0;
    std::int64_t snapCollisions = 0;
    std::int64_t used = 0;
};

/// Local civil time (proleptic Gregorian) from "YYYY-MM-DD HH:MM[:SS]" (or with 'T'); false if malformed.
bool parseLocalTime(const std::string &text, std::int64_t &localSeconds);

/// Reads a CSV with the columns SystemCodeNumber, Capacity, Occupancy, LastUpdated (any order, other
/// columns ignored). Malformed rows are counted in `cleaning` and skipped. Returns false with `error` set if
/// the header lacks one of the columns.
bool readParkingCsv(std::istream &in, std::vector<ParkingRecord> &records, ParkingCleaning &cleaning,
                    std::string &error);

/// Day types for the time-of-day profiles.
enum class DayType : int { Weekday = 0, Saturday = 1, Sunday = 2 };
inline constexpr int kDayTypes = 3;
DayType dayTypeOf(std::int64_t civilDay); ///< civilDay: days since 1970-01-01

/// Occupancy rates (occupancy / capacity) on a grid of facility x day x slot; NaN where no valid reading.
class ParkingGrid {
public:
    int stepMin() const { return m_stepMin; }
    int slotsPerDay() const { return m_slotsPerDay; }
    std::size_t facilityCount() const { return m_facilities.size(); }
    std::size_t dayCount() const { return m_days.size(); }
    const std::string &facility(std::size_t f) const { return m_facilities[f]; }
    double capacity(std::size_t f) const { return m_capacity[f]; }
    std::int64_t civilDay(std::size_t d) const { return m_days[d]; }
    DayType dayType(std::size_t d) const { return dayTypeOf(m_days[d]); }
    double rate(std::size_t f, std::size_t d, int slot) const
    {
        return m_rate[(f * m_days.size() + d) * static_cast<std::size_t>(m_slotsPerDay) + static_cast<std::size_t>(slot)];
    }
    bool has(std::size_t f, std::size_t d, int slot) const { return !std::isnan(rate(f, d, slot)); }

    /// Validates, de-duplicates and snaps `records` to a `stepMin` grid (1440 must be a multiple of it).
    /// Days are the calendar days that hold at least one used reading, in order.
    static ParkingGrid build(const std::vector<ParkingRecord> &records, int stepMin, ParkingCleaning &cleaning);

private:
    int m_stepMin = 30;
    int m_slotsPerDay = 48;
    std::vector<std::string> m_facilities;
    std::vector<double> m_capacity;
    std::vector<std::int64_t> m_days;
    std::vector<double> m_rate;
};

} // namespace cityops::core
