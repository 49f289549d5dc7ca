// SessionStore: the folder where every run records its session file, and its retention policy. Each run
// gets a new file named after its start (session-YYYYMMDD-HHMMSS[-tag].cityops); enforce() deletes the
// oldest files first until the folder is within the maximum age and total size, and never deletes the
// file being recorded (nor anything that is not a session file).
//
// Threading: plain file-system work; call from one thread (at the start of a run, and now and then).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cityops::core {

struct RetentionPolicy {
    std::int64_t maxAgeS = 30LL * 86400;               ///< 0: no age limit
    std::uint64_t maxTotalBytes = 20ULL << 30;         ///< 0: no size limit (20 GiB by default)
};

struct SessionFile {
    std::string path;
    std::uint64_t bytes = 0;      ///< with its -wal and -shm companions
    std::int64_t modifiedNs = 0;  ///< last write (file-system time, ns since the epoch)
};

struct RetentionReport {
    std::vector<std::string> deleted;
    std::uint64_t bytesFreed = 0;
    std::uint64_t bytesKept = 0;
    std::vector<std::string> errors;
};

class SessionStore {
public:
    SessionStore(std::string folder, RetentionPolicy policy = {});

    const std::string &folder() const { return m_folder; }
    const RetentionPolicy &policy() const { return m_policy; }
    void setPolicy(RetentionPolicy policy) { m_policy = policy; }

    /// A new session file's path for a run starting at `startNs` (local wall time of the machine is not
    /// used: the name is UTC). Creates the folder; false and `error` if it cannot.
    bool newSessionPath(std::int64_t startNs, const std::string &tag, std::string &path, std::string &error) const;
    /// The session files in the folder, oldest first.
    std::vector<SessionFile> list() const;
    /// Applies the policy at time `nowNs`; `openPath` (the file being recorded) is never deleted.
    RetentionReport enforce(const std::string &openPath, std::int64_t nowNs) const;

    static constexpr const char *kExtension = ".cityops";

private:
    std::string m_folder;
    RetentionPolicy m_policy;
};

} // namespace cityops::core
