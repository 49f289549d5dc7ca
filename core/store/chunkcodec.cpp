#include "store/chunkcodec.h"

#include <cstring>

namespace cityops::core {

namespace {

void putVarint(std::uint64_t v, std::string &out)
{
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

bool getVarint(const unsigned char *&p, const unsigned char *end, std::uint64_t &v)
{
    v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const unsigned char b = *p++;
        v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

} // namespace

void encodeChunk(std::span<const Reading> readings, std::int64_t t0, std::string &out)
{
    std::int64_t prev = t0;
    for (const Reading &r : readings) {
        // Wrapping difference: well defined for any pair of times, undone exactly by the decoder.
        const auto delta = static_cast<std::int64_t>(static_cast<std::uint64_t>(r.timeNs) - static_cast<std::uint64_t>(prev));
        putVarint(zigzag(delta), out);
        out.push_back(static_cast<char>((r.fieldMask & 0x0F) | (r.code << 4)));
        for (int f = 0; f < kMaxReadingFields; ++f) {
            if (!r.has(f))
                continue;
            char bytes[sizeof(double)];
            std::memcpy(bytes, &r.values[f], sizeof bytes);
            out.append(bytes, sizeof bytes);
        }
        prev = r.timeNs;
    }
}

bool decodeChunk(const void *data, std::size_t size, std::int64_t t0, std::uint32_t entity,
                 Measurement measurement, std::int64_t n, std::vector<Reading> &out)
{
    const auto *p = static_cast<const unsigned char *>(data);
    const auto *end = p + size;
    std::int64_t prev = t0;
    for (std::int64_t k = 0; k < n; ++k) {
        std::uint64_t zz;
        if (!getVarint(p, end, zz) || p >= end)
            return false;
        Reading r;
        r.entity = entity;
        r.measurement = measurement;
        r.timeNs = static_cast<std::int64_t>(static_cast<std::uint64_t>(prev) + static_cast<std::uint64_t>(unzigzag(zz)));
        const unsigned char flags = *p++;
        r.fieldMask = flags & 0x0F;
        r.code = flags >> 4;
        for (int f = 0; f < kMaxReadingFields; ++f) {
            if (!r.has(f))
                continue;
            if (end - p < static_cast<std::ptrdiff_t>(sizeof(double)))
                return false;
            std::memcpy(&r.values[f], p, sizeof(double));
            p += sizeof(double);
        }
        out.push_back(r);
        prev = r.timeNs;
    }
    return p == end;
}

} // namespace cityops::core
