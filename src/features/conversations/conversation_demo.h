#pragma once

#include <cstdint>

#include "auth/person_store.h"
#include "features/conversations/conversation_store.h"
#include "features/groups/group_store.h"

namespace hearth::features::conversations {

// Seeds the sample conversations of `hearth demo` into groups made by
// groups::seed_demo_groups: threads with replies, a pinned announcement, an
// anonymous post and shared resources, written by people of the sample
// directory. Does nothing if any thread exists or the groups are missing.
void seed_demo_conversations(ConversationStore& store, groups::GroupStore& groups, auth::PersonStore& people,
                             std::int64_t now);

}  // namespace hearth::features::conversations
