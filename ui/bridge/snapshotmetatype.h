// The engine snapshot pointer as a Qt meta type, for queued signals. Every header whose signals or slots
// carry a SnapshotPtr includes this first, so moc-generated code never instantiates the type undeclared.
#pragma once

#include "state/snapshot.h"

#include <QMetaType>

Q_DECLARE_METATYPE(cityops::core::SnapshotPtr)
