// libFuzzer target: arbitrary bytes through the whole ingest path (line splitting, length limit,
// parser, validator, live state) of a pipeline over the synthetic city. Any crash, sanitizer report or
// broken accounting invariant is a finding.
#include "engine/clock.h"
#include "engine/pipeline.h"
#include "model/syntheticcity.h"

#include <cstdlib>
#include <string_view>

using namespace cityops::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const auto model = makeSyntheticCity({50, 5, 5, 5, 5, 5});
    static const Clock clock(1'700'000'000'000'000'000LL, 0.0);
    IngestPipeline pipeline(model, clock, {}, 4096, size % 2 ? TimePrecision::Seconds : TimePrecision::Nanoseconds);
    const auto source = pipeline.sourceId("fuzz");
    pipeline.lines(source, std::string_view(reinterpret_cast<const char *>(data), size));
    const SourceCounters &c = pipeline.stats().sources()[source];
    if (c.accepted + c.rejectedTotal() != c.lines)
        std::abort(); // every non-blank line is accepted or rejected, never both, never neither
    return 0;
}
