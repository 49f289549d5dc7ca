#include "predict/parkingdata.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace cityops::core {

namespace {

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parseInt(std::string_view s, int &out)
{
    if (s.empty())
        return false;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

bool parseNumber(std::string_view s, double &out)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\r'))
        s.remove_suffix(1);
    if (s.empty())
        return false;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

std::string trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '"' || s.front() == '\xEF' || s.front() == '\xBB' ||
                          s.front() == '\xBF'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string_view> splitCsv(std::string_view line)
{
    // The files this reads have no quoted commas; quotes around fields are tolerated and trimmed.
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i)
        if (i == line.size() || line[i] == ',') {
            out.push_back(line.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

} // namespace

bool parseLocalTime(const std::string &textIn, std::int64_t &localSeconds)
{
    const std::string text = trimmed(textIn);
    // YYYY-MM-DD[ T]HH:MM[:SS[.fff]]
    if (text.size() < 16 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') || text[13] != ':')
        return false;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const std::string_view v(text);
    if (!parseInt(v.substr(0, 4), y) || !parseInt(v.substr(5, 2), mo) || !parseInt(v.substr(8, 2), d) ||
        !parseInt(v.substr(11, 2), h) || !parseInt(v.substr(14, 2), mi))
        return false;
    if (text.size() >= 19) {
        if (text[16] != ':' || !parseInt(v.substr(17, 2), s))
            return false;
        if (text.size() > 19 && text[19] != '.')
            return false;
    } else if (text.size() != 16) {
        return false;
    }
    static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > kDaysIn[mo - 1] || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0)
        return false;
    localSeconds = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
    return true;
}

bool readParkingCsv(std::istream &in, std::vector<ParkingRecord> &records, ParkingCleaning &cleaning, std::string &error)
{
    std::string line;
    if (!std::getline(in, line)) {
        error = "empty file (no header)";
        return false;
    }
    int colId = -1, colCap = -1, colOcc = -1, colTime = -1;
    const auto header = splitCsv(line);
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string name = trimmed(header[i]);
        if (name == "SystemCodeNumber")
            colId = static_cast<int>(i);
        else if (name == "Capacity")
            colCap = static_cast<int>(i);
        else if (name == "Occupancy")
            colOcc = static_cast<int>(i);
        else if (name == "LastUpdated")
            colTime = static_cast<int>(i);
    }
    if (colId < 0 || colCap < 0 || colOcc < 0 || colTime < 0) {
        error = "header must name the columns SystemCodeNumber, Capacity, Occupancy, LastUpdated";
        return false;
    }
    const auto needed = static_cast<std::size_t>(std::max({colId, colCap, colOcc, colTime}));
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r")
            continue;
        ++cleaning.rows;
        const auto fields = splitCsv(line);
        ParkingRecord r;
        if (fields.size() <= needed) {
            ++cleaning.malformed;
            continue;
        }
        r.facility = trimmed(fields[static_cast<std::size_t>(colId)]);
        if (r.facility.empty() || !parseNumber(fields[static_cast<std::size_t>(colCap)], r.capacity) ||
            !parseNumber(fields[static_cast<std::size_t>(colOcc)], r.occupancy) ||
            !parseLocalTime(std::string(fields[static_cast<std::size_t>(colTime)]), r.localSeconds)) {
            ++cleaning.malformed;
            continue;
        }
        records.push_back(std::move(r));
    }
    return true;
}

DayType dayTypeOf(std::int64_t civilDay)
{
    // 1970-01-01 was a Thursday; weekday 0 = Sunday.
    const std::int64_t w = ((civilDay + 4) % 7 + 7) % 7;
    return w == 0 ? DayType::Sunday : w == 6 ? DayType::Saturday : DayType::Weekday;
}

ParkingGrid ParkingGrid::build(const std::vector<ParkingRecord> &records, int stepMin, ParkingCleaning &cleaning)
{
    if (stepMin <= 0 || 1440 % stepMin != 0)
        throw std::invalid_argument("grid step must divide a day (minutes)");
    ParkingGrid g;
    g.m_stepMin = stepMin;
    g.m_slotsPerDay = 1440 / stepMin;
    const std::int64_t stepS = std::int64_t(stepMin) * 60;

    struct Kept {
        std::int64_t absSlot;
        std::int64_t offsetS; // distance to the slot time
        double rate;
    };
    std::map<std::string, std::size_t> facilityIndex;
    std::vector<std::map<std::int64_t, Kept>> perFacility; // absSlot -> kept reading
    std::set<std::pair<std::size_t, std::int64_t>> seen;   // (facility, exact timestamp) among valid rows
    std::vector<double> capacity;
    cleaning.rows = std::max<std::int64_t>(cleaning.rows, std::int64_t(records.size()) + cleaning.malformed);

    for (const ParkingRecord &r : records) {
        if (!(r.capacity > 0)) {
            ++cleaning.badCapacity;
            continue;
        }
        if (r.occupancy < 0) {
            ++cleaning.negative;
            continue;
        }
        if (r.occupancy > r.capacity) {
            ++cleaning.overCapacity;
            continue;
        }
        auto [it, inserted] = facilityIndex.try_emplace(r.facility, perFacility.size());
        if (inserted) {
            perFacility.emplace_back();
            capacity.push_back(r.capacity);
        }
        const std::size_t f = it->second;
        capacity[f] = r.capacity; // the latest wins; rates use each row's own capacity
        if (!seen.emplace(f, r.localSeconds).second) {
            ++cleaning.duplicates;
            continue;
        }
        // Round half up to the nearest slot; floor division keeps times before 1970 right too.
        const std::int64_t shifted = r.localSeconds + stepS / 2;
        const std::int64_t absSlot = shifted >= 0 ? shifted / stepS : -((-shifted + stepS - 1) / stepS);
        const std::int64_t offset = std::abs(r.localSeconds - absSlot * stepS);
        const Kept k{absSlot, offset, r.occupancy / r.capacity};
        auto [slotIt, fresh] = perFacility[f].try_emplace(absSlot, k);
        if (!fresh) {
            ++cleaning.snapCollisions;
            if (offset < slotIt->second.offsetS)
                slotIt->second = k;
        }
    }

    // Facilities in name order (stable across files that list them differently), days in calendar order.
    std::set<std::int64_t> days;
    for (const auto &m : perFacility)
        for (const auto &[absSlot, k] : m) {
            const std::int64_t day = absSlot >= 0 ? absSlot / g.m_slotsPerDay : -((-absSlot + g.m_slotsPerDay - 1) / g.m_slotsPerDay);
            days.insert(day);
        }
    g.m_days.assign(days.begin(), days.end());
    std::unordered_map<std::int64_t, std::size_t> dayIndex;
    for (std::size_t d = 0; d < g.m_days.size(); ++d)
        dayIndex[g.m_days[d]] = d;
    for (const auto &[name, f] : facilityIndex) {
        g.m_facilities.push_back(name);
        g.m_capacity.push_back(capacity[f]);
    }
    g.m_rate.assign(g.m_facilities.size() * g.m_days.size() * static_cast<std::size_t>(g.m_slotsPerDay),
                    std::numeric_limits<double>::quiet_NaN());
    std::size_t newIndex = 0;
    for (const auto &[name, f] : facilityIndex) {
        for (const auto &[absSlot, k] : perFacility[f]) {
            const std::int64_t day = absSlot >= 0 ? absSlot / g.m_slotsPerDay : -((-absSlot + g.m_slotsPerDay - 1) / g.m_slotsPerDay);
            const auto slot = static_cast<std::size_t>(absSlot - day * g.m_slotsPerDay);
            const std::size_t d = dayIndex[day];
            g.m_rate[(newIndex * g.m_days.size() + d) * static_cast<std::size_t>(g.m_slotsPerDay) + slot] =
                k.rate;
            ++cleaning.used;
        }
        ++newIndex;
    }
    return g;
}

} // namespace cityops::core
