#pragma once

#include <cstdint>

#include "features/resources/resource_store.h"

namespace hearth::features::resources {

// Seeds the sample resource directory of `hearth demo`: crisis lines, the EAP
// (counselling, legal and financial consultations, work-life services), staff
// counselling, the peer-support program, chaplaincy, grief support,
// occupational health, quiet rooms, wellness programs, money help and
// professional helplines, for a fictional hospital. National crisis lines use
// their real numbers; the hospital's own numbers are 555 numbers. Does
// nothing if the directory has any entry, active or retired.
void seed_demo_resources(ResourceStore& store, std::int64_t now);

}  // namespace hearth::features::resources
