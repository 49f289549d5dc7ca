#include "replay/sessionstore.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>

namespace cityops::core {

namespace fs = std::filesystem;

namespace {

bool isSessionFile(const fs::path &p)
{
    const std::string name = p.filename().string();
    return name.rfind("session-", 0) == 0 && p.extension() == SessionStore::kExtension;
}

std::int64_t modifiedNs(const fs::path &p)
{
    std::error_code ec;
    const auto t = fs::last_write_time(p, ec);
    if (ec)
        return 0;
    const auto sys = std::chrono::file_clock::to_sys(t);
    return std::chrono::duration_cast<std::chrono::nanoseconds>(sys.time_since_epoch()).count();
}

bool samePath(const fs::path &a, const std::string &b)
{
    if (b.empty())
        return false;
    std::error_code ec;
    if (fs::equivalent(a, b, ec))
        return true;
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

} // namespace

SessionStore::SessionStore(std::string folder, RetentionPolicy policy) : m_folder(std::move(folder)), m_policy(policy) {}

bool SessionStore::newSessionPath(std::int64_t startNs, const std::string &tag, std::string &path, std::string &error) const
{
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    if (ec || !fs::is_directory(m_folder, ec)) {
        error = "cannot create the session folder '" + m_folder + "': " + ec.message();
        return false;
    }
    const std::time_t seconds = static_cast<std::time_t>(startNs / 1'000'000'000LL);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    std::string base = std::string("session-") + stamp;
    if (!tag.empty())
        base += '-';
    for (char c : tag.substr(0, 40))
        base += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    // Two runs started in the same second get distinct files.
    fs::path candidate = fs::path(m_folder) / (base + kExtension);
    for (int k = 2; fs::exists(candidate, ec); ++k)
        candidate = fs::path(m_folder) / (base + "-" + std::to_string(k) + kExtension);
    path = candidate.string();
    return true;
}

std::vector<SessionFile> SessionStore::list() const
{
    std::vector<SessionFile> out;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(m_folder, ec)) {
        if (!entry.is_regular_file(ec) || !isSessionFile(entry.path()))
            continue;
        SessionFile f;
        f.path = entry.path().string();
        f.modifiedNs = modifiedNs(entry.path());
        f.bytes = entry.file_size(ec);
        for (const char *suffix : {"-wal", "-shm"}) {
            const fs::path companion = f.path + suffix;
            if (fs::exists(companion, ec))
                f.bytes += fs::file_size(companion, ec);
        }
        out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), [](const SessionFile &a, const SessionFile &b) {
        return a.modifiedNs != b.modifiedNs ? a.modifiedNs < b.modifiedNs : a.path < b.path;
    });
    return out;
}

RetentionReport SessionStore::enforce(const std::string &openPath, std::int64_t nowNs) const
{
    RetentionReport report;
    std::vector<SessionFile> files = list();
    std::uint64_t total = 0;
    for (const SessionFile &f : files)
        total += f.bytes;
    const std::int64_t maxAgeNs = m_policy.maxAgeS * 1'000'000'000LL;
    for (const SessionFile &f : files) { // oldest first
        const bool tooOld = m_policy.maxAgeS > 0 && nowNs - f.modifiedNs > maxAgeNs;
        const bool tooMuch = m_policy.maxTotalBytes > 0 && total > m_policy.maxTotalBytes;
        if (!tooOld && !tooMuch)
            continue;
        if (samePath(f.path, openPath))
            continue;
        std::error_code ec;
        fs::remove(f.path, ec);
        if (ec) {
            report.errors.push_back("cannot delete '" + f.path + "': " + ec.message());
            continue;
        }
        fs::remove(f.path + "-wal", ec);
        fs::remove(f.path + "-shm", ec);
        report.deleted.push_back(f.path);
        report.bytesFreed += f.bytes;
        total -= f.bytes;
    }
    report.bytesKept = total;
    return report;
}

} // namespace cityops::core
