// A small command-line reader for cityops-cli: `--name value` options, `--flag` switches and positional
// words, with clear errors for unknown or malformed options.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cityops::cli {

class Args {
public:
    /// `valued` lists the options that take a value; every other `--x` is a switch.
    Args(int argc, char **argv, int first, const std::set<std::string> &valued, const std::set<std::string> &switches);

    bool has(const std::string &name) const { return m_values.count(name) || m_switches.count(name); }
    std::string value(const std::string &name, const std::string &fallback = {}) const;
    long long integer(const std::string &name, long long fallback) const;
    double number(const std::string &name, double fallback) const;
    const std::vector<std::string> &positional() const { return m_positional; }

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_switches;
    std::vector<std::string> m_positional;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace cityops::cli
