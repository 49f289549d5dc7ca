#include "store/sqlite.h"

namespace cityops::core::sql {

bool Database::open(const std::string &path, bool create, bool readOnly, std::string &error)
{
    close();
    int flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (create && !readOnly)
        flags |= SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        error = "cannot open '" + path + "': " + (m_db ? sqlite3_errmsg(m_db) : "out of memory");
        close();
        return false;
    }
    sqlite3_busy_timeout(m_db, 5000);
    sqlite3_extended_result_codes(m_db, 1);
    return true;
}

void Database::close()
{
    if (m_db)
        sqlite3_close_v2(m_db);
    m_db = nullptr;
}

bool Database::exec(std::string_view sql, std::string &error)
{
    char *message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        error = message ? message : "unknown SQLite error";
        sqlite3_free(message);
        return false;
    }
    return true;
}

std::int64_t Database::scalar(const char *sql, std::int64_t fallback)
{
    Statement s;
    if (!s.prepare(*this, sql) || s.step() != SQLITE_ROW)
        return fallback;
    return s.int64(0);
}

Statement &Statement::operator=(Statement &&o) noexcept
{
    if (this != &o) {
        sqlite3_finalize(m_stmt);
        m_stmt = o.m_stmt;
        o.m_stmt = nullptr;
    }
    return *this;
}

bool Statement::prepare(Database &db, std::string_view sql)
{
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    return sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &m_stmt, nullptr) == SQLITE_OK;
}

std::string Statement::text(int col) const
{
    const auto *p = sqlite3_column_text(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char *>(p), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
}

} // namespace cityops::core::sql
