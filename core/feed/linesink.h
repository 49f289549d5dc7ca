// LineSink: where listeners deliver bytes. Listeners split nothing but the stream into whole lines;
// everything from parsing onwards is the sink's. Called on the engine's io thread only.
#pragma once

#include <cstdint>
#include <string_view>

namespace cityops::core {

class LineSink {
public:
    virtual ~LineSink() = default;
    /// A stable id for a source name such as "tcp 127.0.0.1".
    virtual std::uint32_t sourceId(std::string_view name) = 0;
    /// One or more whole lines separated by '\n' (the last one may lack it); `bytes` counts the raw
    /// bytes received, including ones of lines that were too long.
    virtual void lines(std::uint32_t source, std::string_view text) = 0;
    /// A line longer than the limit; `head` is its beginning, the rest is skipped by the listener.
    virtual void lineTooLong(std::uint32_t source, std::string_view head) = 0;
    virtual void received(std::uint32_t source, std::size_t bytes) = 0;
    virtual void connection(std::uint32_t source, int delta) = 0;
};

} // namespace cityops::core
