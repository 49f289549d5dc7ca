// Thin RAII wrappers over the SQLite C API: a connection and a prepared statement. Each object belongs
// to one thread at a time (SQLite's own rule for a connection used without the serialized mode).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace cityops::core::sql {

class Database {
public:
    Database() = default;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    Database(Database &&o) noexcept : m_db(o.m_db) { o.m_db = nullptr; }
    ~Database() { close(); }

    /// Opens `path` (creating it when `create`); read-only if `readOnly`. On failure returns false and
    /// `error` says why.
    bool open(const std::string &path, bool create, bool readOnly, std::string &error);
    void close();
    bool exec(std::string_view sql, std::string &error);
    /// Runs a query whose single result is an integer; returns `fallback` if there is no row.
    std::int64_t scalar(const char *sql, std::int64_t fallback = 0);
    std::string errorMessage() const { return m_db ? sqlite3_errmsg(m_db) : "no database"; }
    sqlite3 *handle() const { return m_db; }

private:
    sqlite3 *m_db = nullptr;
};

class Statement {
public:
    Statement() = default;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&o) noexcept : m_stmt(o.m_stmt) { o.m_stmt = nullptr; }
    Statement &operator=(Statement &&o) noexcept;
    ~Statement() { sqlite3_finalize(m_stmt); }

    bool prepare(Database &db, std::string_view sql);
    void bind(int index, std::int64_t v) { sqlite3_bind_int64(m_stmt, index, v); }
    void bind(int index, double v) { sqlite3_bind_double(m_stmt, index, v); }
    void bind(int index, std::string_view v) { sqlite3_bind_text(m_stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
    void bindBlob(int index, const void *data, std::size_t size) { sqlite3_bind_blob(m_stmt, index, data, static_cast<int>(size), SQLITE_STATIC); }
    void bindNull(int index) { sqlite3_bind_null(m_stmt, index); }
    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(m_stmt); }
    void reset() { sqlite3_reset(m_stmt); sqlite3_clear_bindings(m_stmt); }
    std::int64_t int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    std::string text(int col) const;
    const void *blob(int col) const { return sqlite3_column_blob(m_stmt, col); }
    std::size_t bytes(int col) const { return static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)); }
    explicit operator bool() const { return m_stmt != nullptr; }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

} // namespace cityops::core::sql
