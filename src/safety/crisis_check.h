#pragma once

#include <string_view>

// The crisis check: does this text suggest its writer may be in crisis
// (thoughts of suicide or self-harm, "I can't go on")? When it does, the
// writer alone sees a gentle card with the crisis line, the EAP and the
// peer-support request link, and can still post. The result is never logged,
// stored, counted or shown to anyone else; callers must keep it that way.
//
// The phrases live in crisis_check.cpp, in one list with the reasoning for
// each; tests/unit/safety/crisis_check_test.cpp holds sentences that must and
// must not trigger, including the everyday hyperbole of hospital work ("this
// shift is killing me", "I could kill for a coffee", "the patient attempted
// suicide").
namespace hearth::safety {

enum class CrisisSignal {
  kNone,
  kPossibleCrisis,
};

// Thread-safe, no I/O.
CrisisSignal crisis_check(std::string_view text);

}  // namespace hearth::safety
