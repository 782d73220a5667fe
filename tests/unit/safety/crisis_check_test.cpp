#include "safety/crisis_check.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

namespace hearth::safety {

TEST_CASE("first-person crisis statements trigger the check", "[safety][crisis]") {
  const char* const sentences[] = {
      "I can't go on like this anymore.",
      "Some nights I want to die.",
      "I've been thinking about ending my life.",
      "I don't want to be here anymore.",
      "Honestly everyone would be better off without me.",
      "I keep thinking about how I'd kill myself.",
      "I feel like there's no reason to live.",
      "I just want to end it all.",
      "I've been having suicidal thoughts since the code last week.",
      "I'm suicidal and I don't know who to tell.",
      "I want to hurt myself when I get home.",
      "I cant go on",
      "I can’t go on",
      "I   WANT   TO   DIE",
      "Sometimes I think about suicide on the drive home.",
      "Thinking about suicide a lot lately.",
      "I've started cutting myself again.",
      "I wish I was dead.",
      "There's nothing to live for anymore.",
      "I'm so tired of being alive.",
      "I've thought about taking my own life.",
      "I feel like a burden to everyone.",
      "I don't want to wake up tomorrow.",
      "I'd be better off dead.",
      "I've been self-harming again.",
      "I think I'm going to kill myself.",
      "Suicidal thoughts again tonight, on the drive home.",
      "I wanna die",
      "My patient died and now I don't want to live anymore.",
      "I told my therapist I want to kill myself.",
      "Can't go on.",
      "I wrote a suicide note last night.",
      "I have no reason to live since the divorce.",
      "im done with life",
      "I have thoughts of killing myself to make it stop.",
  };
  for (const char* sentence : sentences) {
    INFO(sentence);
    CHECK(crisis_check(sentence) == CrisisSignal::kPossibleCrisis);
  }
}

TEST_CASE("hyperbole, clinical talk and other people's words do not trigger", "[safety][crisis]") {
  const char* const sentences[] = {
      "This shift is killing me.",
      "I could kill for a coffee right now.",
      "The patient attempted suicide last night.",
      "We have suicide risk assessment training on Tuesday.",
      "Suicide prevention training is mandatory this year.",
      "I'm dying to see the new schedule.",
      "Dead tired after three nights.",
      "My feet are killing me.",
      "I did a suicide screening on my patient and it went fine.",
      "The patient said he wanted to die and I didn't know what to say.",
      "I sat with a suicidal patient for my whole shift.",
      "I hurt myself lifting a patient and I'm on light duty.",
      "I cut myself on a glass vial today, rookie mistake.",
      "I'm cutting myself some slack this week.",
      "I'd rather be dead than work another Christmas.",
      "I don't want to die like that, so I updated my advance directive.",
      "We can't go on like this with these ratios.",
      "I lost my brother to suicide five years ago.",
      "Our unit is holding a suicide awareness walk.",
      "The suicide rate among nurses is higher than people think.",
      "I almost died when I saw the new parking prices.",
      "That meeting was death by PowerPoint.",
      "I'm killing it at work lately!",
      "Killing myself to finish charting before 0730 every day.",
      "I would never hurt myself, I just need to vent.",
      "Our patient was on suicide watch all night.",
      "She's been self-harming, her mom told me.",
      "The new self-harm policy is posted in the break room.",
      "I'm not suicidal, just exhausted.",
      "He kept telling us he wants to end his life.",
      "My patient kept saying \"I want to die\" all night.",
      "I want to die laughing every time she tells that story.",
      "I wanted to die of embarrassment when I tripped in front of the surgeons.",
      "I've been killing myself with overtime.",
      "This can't go on, we need more staff.",
      "",
      "   ",
  };
  for (const char* sentence : sentences) {
    INFO(sentence);
    CHECK(crisis_check(sentence) == CrisisSignal::kNone);
  }
}

TEST_CASE("the crisis check normalises case, apostrophes and spacing", "[safety][crisis]") {
  CHECK(crisis_check("I CAN'T GO ON") == CrisisSignal::kPossibleCrisis);
  CHECK(crisis_check("i cannot go on") == CrisisSignal::kPossibleCrisis);
  CHECK(crisis_check("i can not go on") == CrisisSignal::kPossibleCrisis);
  CHECK(crisis_check("I can\xCA\xBCt go on") == CrisisSignal::kPossibleCrisis);
  CHECK(crisis_check("I\tdon't  want to be here any more") == CrisisSignal::kPossibleCrisis);
  CHECK(crisis_check("kill my self") == CrisisSignal::kPossibleCrisis);
  CHECK(crisis_check("I've been self—harming") == CrisisSignal::kPossibleCrisis);
  // Phrases are whole words: "skill myself" is not "kill myself".
  CHECK(crisis_check("I need to upskill myself") == CrisisSignal::kNone);
  // Invalid UTF-8 does not crash.
  CHECK(crisis_check("\xFF\xFE I want to die \xC3") == CrisisSignal::kPossibleCrisis);
}

TEST_CASE("the crisis check finishes on large inputs", "[safety][crisis]") {
  std::string text;
  while (text.size() < 100 * 1024) text += "want to want to kill my ";
  CHECK(crisis_check(text) == CrisisSignal::kNone);
  text += "I want to die";
  CHECK(crisis_check(text) == CrisisSignal::kPossibleCrisis);
  CHECK(crisis_check(std::string(100 * 1024, '\'')) == CrisisSignal::kNone);
}

}  // namespace hearth::safety
