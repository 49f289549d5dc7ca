#include "args.h"

#include <charconv>

namespace cityops::cli {

Args::Args(int argc, char **argv, int first, const std::set<std::string> &valued, const std::set<std::string> &switches)
{
    for (int k = first; k < argc; ++k) {
        std::string word = argv[k];
        if (word.rfind("--", 0) != 0) {
            m_positional.push_back(word);
            continue;
        }
        std::string name = word.substr(2);
        std::string inlineValue;
        bool hasInline = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasInline = true;
        }
        if (valued.count(name)) {
            if (!hasInline) {
                if (k + 1 >= argc)
                    throw UsageError("option --" + name + " needs a value");
                inlineValue = argv[++k];
            }
            m_values[name] = inlineValue;
        } else if (switches.count(name) && !hasInline) {
            m_switches.insert(name);
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

std::string Args::value(const std::string &name, const std::string &fallback) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

long long Args::integer(const std::string &name, long long fallback) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    long long v = 0;
    const auto &s = it->second;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
        throw UsageError("option --" + name + " expects a whole number, got '" + s + "'");
    return v;
}

double Args::number(const std::string &name, double fallback) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    double v = 0;
    const auto &s = it->second;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
        throw UsageError("option --" + name + " expects a number, got '" + s + "'");
    return v;
}

} // namespace cityops::cli
