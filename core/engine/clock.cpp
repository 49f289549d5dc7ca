#include "engine/clock.h"

namespace cityops::core {

std::int64_t Clock::systemNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Clock::Clock() : m_mode(Mode::Live) {}

Clock::Clock(std::int64_t startNs, double rate)
    : m_mode(Mode::Virtual), m_anchorWall(std::chrono::steady_clock::now()), m_anchorNs(startNs), m_rate(rate)
{
}

std::int64_t Clock::nowLocked(std::chrono::steady_clock::time_point at) const
{
    const double elapsed = std::chrono::duration<double, std::nano>(at - m_anchorWall).count();
    return m_anchorNs + static_cast<std::int64_t>(elapsed * m_rate);
}

std::int64_t Clock::nowNs() const
{
    if (m_mode == Mode::Live)
        return systemNowNs();
    std::lock_guard lock(m_mutex);
    return nowLocked(std::chrono::steady_clock::now());
}

double Clock::rate() const
{
    if (m_mode == Mode::Live)
        return 1.0;
    std::lock_guard lock(m_mutex);
    return m_rate;
}

void Clock::setRate(double rate)
{
    if (m_mode == Mode::Live || rate < 0.0)
        return;
    std::lock_guard lock(m_mutex);
    const auto wall = std::chrono::steady_clock::now();
    m_anchorNs = nowLocked(wall);
    m_anchorWall = wall;
    m_rate = rate;
}

void Clock::setTime(std::int64_t ns)
{
    if (m_mode == Mode::Live)
        return;
    std::lock_guard lock(m_mutex);
    m_anchorWall = std::chrono::steady_clock::now();
    m_anchorNs = ns;
}

void Clock::advance(std::int64_t ns)
{
    if (m_mode == Mode::Live)
        return;
    std::lock_guard lock(m_mutex);
    const auto wall = std::chrono::steady_clock::now();
    m_anchorNs = nowLocked(wall) + ns;
    m_anchorWall = wall;
}

} // namespace cityops::core
