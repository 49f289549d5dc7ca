// ReadingSource: anything that produces readings when engine time moves on — the city simulator in
// the demo, a replayed recording later. The engine advances it on its io thread (Engine::attachSource).
#pragma once

#include "feed/reading.h"
#include "store/recorder.h"

#include <cstdint>
#include <vector>

namespace cityops::core {

class ReadingSource {
public:
    virtual ~ReadingSource() = default;
    /// Appends the readings of everything up to `timeNs` (engine time) not yet produced.
    virtual void advanceTo(std::int64_t timeNs, std::vector<Reading> &out) = 0;
    /// The time the source has produced everything up to.
    virtual std::int64_t timeNs() const = 0;
    /// Operator actions due at timeNs() (a replayed recording's acknowledgements), taken by the engine
    /// after the readings up to that time: a source with actions stops each advanceTo() at the next one.
    virtual void takeActions(std::vector<Event> &out) { (void)out; }
};

} // namespace cityops::core
